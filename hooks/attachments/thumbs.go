package attachments

import (
	"image"
	_ "image/gif" // the formats thumbnails are made of, for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"runtime"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/filesystem"
	_ "golang.org/x/image/webp"
)

// maxThumbPixels is the largest image, in pixels, a thumbnail is made of: 50 megapixels, more
// than a camera's largest photo (45 MP, 8,192 × 5,464) and 200 MB once decoded. Making a
// thumbnail decodes the whole image, and the decoder allocates what the header declares before
// it reads a pixel: a PNG of a hundred bytes can declare 60,000 × 60,000 (3.6 GB), and one
// request for its thumbnail would end the server. Past the bound the original is served, as
// for a file that is no image.
const maxThumbPixels = 50_000_000

// thumbSlots bounds the thumbnails made at once to one per core, so that their memory is
// bounded too.
var thumbSlots = make(chan struct{}, runtime.NumCPU())

// thumbable reports whether the image stored at key declares at most maxThumbPixels. It reads
// the header only.
func thumbable(fsys *filesystem.System, key string) bool {
	r, err := fsys.GetReader(key)
	if err != nil {
		return false
	}
	defer r.Close()
	cfg, _, err := image.DecodeConfig(r)
	return err == nil && int64(cfg.Width)*int64(cfg.Height) <= maxThumbPixels
}

// makeThumb makes the thumbnail thumbKey of the image at key, when it is small enough, and
// reports whether it did.
func makeThumb(fsys *filesystem.System, key, thumbKey, size string) bool {
	if !thumbable(fsys, key) {
		return false
	}
	thumbSlots <- struct{}{}
	defer func() { <-thumbSlots }()
	return fsys.CreateThumb(key, thumbKey, size) == nil
}

// guardThumbs keeps PocketBase's own file route (/api/files/{collection}/{record}/{file}) from
// making a thumbnail of an image past maxThumbPixels: for one, the request goes on without its
// thumb parameter and gets the original. The route makes thumbnails of every collection's
// images (users' avatars included), before any hook of its own runs.
func guardThumbs(e *core.RequestEvent) error {
	rest, ok := strings.CutPrefix(e.Request.URL.Path, "/api/files/")
	if !ok {
		return e.Next()
	}
	query := e.Request.URL.Query()
	size := query.Get("thumb")
	if size == "" {
		return e.Next()
	}
	if parts := strings.Split(rest, "/"); len(parts) == 3 {
		if c, err := e.App.FindCachedCollectionByNameOrId(parts[0]); err == nil && !c.IsView() {
			if fsys, err := e.App.NewFilesystem(); err == nil {
				base := c.Id + "/" + parts[1]
				exists, _ := fsys.Exists(base + "/thumbs_" + parts[2] + "/" + size + "_" + parts[2])
				ok := exists || thumbable(fsys, base+"/"+parts[2])
				fsys.Close()
				if ok {
					return e.Next()
				}
			}
		}
	}
	query.Del("thumb")
	e.Request.URL.RawQuery = query.Encode()
	return e.Next()
}
