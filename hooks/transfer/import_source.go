package transfer

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
	"folio/hooks/schema"
)

// driftedKey is the front matter key with which Hugo sites that track translations by hand mark
// a translation whose source moved on ("drifted_from_default: true").
const driftedKey = "drifted_from_default"

// afterSave records the file a page came from, for an export in the same form, and marks a
// translation whose file says it drifted from its source as outdated (source_revision 0): a
// tree has no history to say which source revision it follows, so the file's word is taken.
func (im *importer) afterSave(page *core.Record, p entryPage, format mdtree.Format) error {
	outdate := drifted(p.data.Extra) && page.GetString(schema.PageTranslationState) != schema.TranslationSource &&
		page.GetInt(schema.PageSourceRevision) != 0
	file := pageFile{Format: string(format), File: strings.TrimPrefix(p.file, im.root+"/"), Head: p.head,
		MadeFrom: page.GetInt(schema.PageSourceRevision)}
	if known, ok := im.files[page.Id]; ok && !outdate && known == file {
		return nil // re-importing an unchanged tree writes nothing here
	}
	return im.app.RunInTransaction(func(tx core.App) error {
		if outdate {
			page.Set(schema.PageSourceRevision, 0)
			page.SetRaw(schema.PageUpdated, page.GetDateTime(schema.PageUpdated))
			if err := tx.Save(page); err != nil {
				return err
			}
			file.MadeFrom = 0
		}
		return rememberPageFile(tx, page.Id, file)
	})
}

// drifted reads drifted_from_default from a page's extra keys: true, or a string Hugo reads
// as true.
func drifted(extra []byte) bool {
	var m map[string]any
	if json.Unmarshal(extra, &m) != nil {
		return false
	}
	switch v := m[driftedKey].(type) {
	case bool:
		return v
	case string:
		return slices.Contains([]string{"true", "yes", "1"}, strings.ToLower(strings.TrimSpace(v)))
	}
	return false
}
