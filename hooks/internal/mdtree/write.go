package mdtree

import (
	"fmt"
	"os"
	"path"
	"strings"

	"folio/hooks/internal/frontmatter"
)

// ExportPage is one page to write to a Wiki.js tree.
type ExportPage struct {
	Locale string // written lowercase
	Path   string // page path, "/"-separated, without ".md"
	Fields frontmatter.WikiJSFields
	Extra  map[string]any // other front matter keys, written after the Wiki.js ones
	Body   string
}

// WriteWikiJS writes pages under dir as Wiki.js stores them: "<path>.md" for
// defaultLocale and "<locale>/<path>.md" for the others, creating folders and
// replacing files that exist. Every page is checked before the first file is
// written, so a bad page means nothing is written. It refuses a path that
// would leave dir (".." or a symbolic link inside dir), two pages whose files
// differ only in letter case (they would overwrite each other on macOS and
// Windows), and a default-locale page whose first folder is named like a
// locale, which Read would take for a translation.
func WriteWikiJS(dir string, pages []ExportPage, defaultLocale string) error {
	files, err := planWikiJS(pages, strings.ToLower(defaultLocale))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the export folder: %w", err)
	}
	// os.Root resolves every name inside dir, symbolic links included.
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("cannot open the export folder: %w", err)
	}
	defer root.Close()
	for i, p := range pages {
		data := frontmatter.WikiJS(p.Fields, p.Extra, p.Body)
		if err := root.MkdirAll(path.Dir(files[i]), 0o755); err != nil {
			return fmt.Errorf("cannot write %s: %w", files[i], err)
		}
		if err := root.WriteFile(files[i], data, 0o644); err != nil {
			return fmt.Errorf("cannot write %s: %w", files[i], err)
		}
	}
	return nil
}

// planWikiJS checks every page and returns the file each is written to.
func planWikiJS(pages []ExportPage, def string) ([]string, error) {
	if !isLocale(def) {
		return nil, fmt.Errorf("the default locale %q is not a locale code such as en or pt-br", def)
	}
	files := make([]string, len(pages))
	taken := make(map[string]int, len(pages))
	for i, p := range pages {
		file, err := wikiJSFile(p, def)
		if err != nil {
			return nil, fmt.Errorf("page %q (%s): %w", p.Path, p.Locale, err)
		}
		folded := strings.ToLower(file)
		if j, dup := taken[folded]; dup {
			return nil, fmt.Errorf("pages %q (%s) and %q (%s) would both be written to %s (letter case aside); rename one of them",
				pages[j].Path, pages[j].Locale, p.Path, p.Locale, file)
		}
		taken[folded] = i
		files[i] = file
	}
	return files, nil
}

// wikiJSFile is the file a page is written to, relative to the export folder.
func wikiJSFile(p ExportPage, def string) (string, error) {
	locale := strings.ToLower(p.Locale)
	if !isLocale(locale) {
		return "", fmt.Errorf("the locale %q is not a locale code such as en or pt-br", p.Locale)
	}
	segs := strings.Split(p.Path, "/")
	if err := checkSegments(segs); err != nil {
		return "", err
	}
	if locale != def {
		return locale + "/" + p.Path + ".md", nil
	}
	if len(segs) > 1 && isLocale(segs[0]) {
		return "", fmt.Errorf("its first folder %q is named like a locale, so the file would read back as a %s page; rename the folder", segs[0], segs[0])
	}
	return p.Path + ".md", nil
}
