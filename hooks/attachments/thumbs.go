package attachments

import (
	"bufio"
	"context"
	"image"
	_ "image/gif" // the formats thumbnails are made of, for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"runtime"
	"strings"
	"sync"

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

// maxJPEGScans is the most scans a JPEG may have for a thumbnail to be made of it. A
// progressive JPEG is decoded one scan at a time, each a pass over every block of the image, and
// a scan that says "nothing here" for thirty thousand blocks at once takes a few bytes: a photo
// has up to a dozen scans. libjpeg-turbo bounds scans for the same reason.
const maxJPEGScans = 64

// thumbSlots bounds the thumbnails made at once, on Folio's file route and PocketBase's, to one
// per core, so that their memory is bounded too.
var thumbSlots = make(chan struct{}, runtime.NumCPU())

// takeThumbSlot waits for one of thumbSlots and reports whether it got one before the request
// ended: a request whose client has gone stops waiting.
func takeThumbSlot(ctx context.Context) bool {
	select {
	case thumbSlots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// thumbable reports whether the image stored at key declares at most maxThumbPixels and, for a
// JPEG, has at most maxJPEGScans scans. It reads the header, and a JPEG's markers.
func thumbable(fsys *filesystem.System, key string) bool {
	r, err := fsys.GetReader(key)
	if err != nil {
		return false
	}
	cfg, format, err := image.DecodeConfig(r)
	r.Close()
	if err != nil || int64(cfg.Width)*int64(cfg.Height) > maxThumbPixels {
		return false
	}
	if format != "jpeg" {
		return true
	}
	if r, err = fsys.GetReader(key); err != nil {
		return false
	}
	defer r.Close()
	return jpegScans(bufio.NewReader(r), maxJPEGScans) <= maxJPEGScans
}

// jpegScans counts the scans (start-of-scan segments) of the JPEG r reads, stopping once it
// passes limit. Segments are skipped by their length; between them, a scan's data holds no
// marker but restarts and escaped 0xFF bytes.
func jpegScans(r *bufio.Reader, limit int) int {
	scans := 0
	for scans <= limit {
		b, err := r.ReadByte()
		if err != nil {
			return scans
		}
		if b != 0xff {
			continue
		}
		m, err := r.ReadByte()
		for err == nil && m == 0xff {
			m, err = r.ReadByte()
		}
		switch {
		case err != nil || m == 0xd9: // the end of the image
			return scans
		case m == 0x00 || m == 0x01 || m == 0xd8 || (m >= 0xd0 && m <= 0xd7):
			continue // an escaped 0xFF, a marker without a segment
		}
		hi, err1 := r.ReadByte()
		lo, err2 := r.ReadByte()
		if err1 != nil || err2 != nil {
			return scans
		}
		if m == 0xda {
			scans++
		}
		if _, err := r.Discard(max(0, int(hi)<<8|int(lo)-2)); err != nil {
			return scans
		}
	}
	return scans
}

// maxFailedThumbs bounds failedThumbs; when full, it starts again empty.
const maxFailedThumbs = 10_000

// failedThumbs holds the thumbnails that could not be made: an image whose header passes
// thumbable but whose data does not decode. Decoding gets as far as the data goes, up to a
// second of CPU for a large image, so a request for one of them again gets the original at once
// instead of decoding it anew. A stored file never changes under its name (an upload gets a new
// one), so a failure holds as long as the file does.
var failedThumbs = struct {
	sync.Mutex
	keys map[string]bool
}{keys: map[string]bool{}}

func thumbFailed(thumbKey string) bool {
	failedThumbs.Lock()
	defer failedThumbs.Unlock()
	return failedThumbs.keys[thumbKey]
}

func rememberThumbFailure(thumbKey string) {
	failedThumbs.Lock()
	defer failedThumbs.Unlock()
	if len(failedThumbs.keys) >= maxFailedThumbs {
		clear(failedThumbs.keys)
	}
	failedThumbs.keys[thumbKey] = true
}

// makeThumb makes the thumbnail thumbKey of the image at key, when it is small enough and no
// earlier try failed, and reports whether it did.
func makeThumb(ctx context.Context, fsys *filesystem.System, key, thumbKey, size string) bool {
	if thumbFailed(thumbKey) || !thumbable(fsys, key) || !takeThumbSlot(ctx) {
		return false
	}
	defer func() { <-thumbSlots }()
	if err := fsys.CreateThumb(key, thumbKey, size); err != nil {
		rememberThumbFailure(thumbKey)
		return false
	}
	return true
}

// guardThumbs keeps PocketBase's own file route (/api/files/{collection}/{record}/{file}) from
// making a thumbnail of an image thumbable refuses, or one it failed to make before: for those,
// the request goes on without its thumb parameter and gets the original. A thumbnail the route
// is to make takes one of thumbSlots while it does (see onThumbServed). The route makes
// thumbnails of every collection's images (users' avatars included), before any hook of its own
// runs.
func guardThumbs(e *core.RequestEvent) error {
	rest, isFile := strings.CutPrefix(e.Request.URL.Path, "/api/files/")
	query := e.Request.URL.Query()
	size := query.Get("thumb")
	if !isFile || size == "" {
		return e.Next()
	}
	if base, name, ok := storedFile(e.App, rest); ok {
		if fsys, err := e.App.NewFilesystem(); err == nil {
			thumb := thumbKey(base, name, size)
			exists, _ := fsys.Exists(thumb)
			toMake := !exists && !thumbFailed(thumb) && thumbable(fsys, base+"/"+name)
			fsys.Close()
			if exists {
				return e.Next()
			}
			if toMake && takeThumbSlot(e.Request.Context()) {
				release := sync.OnceFunc(func() { <-thumbSlots })
				defer release() // a request the route refuses never reaches onThumbServed
				e.Set(pendingThumbKey, pendingThumb{key: thumb, release: release})
				return e.Next()
			}
		}
	}
	query.Del("thumb")
	e.Request.URL.RawQuery = query.Encode()
	return e.Next()
}

// pendingThumb is a thumbnail guardThumbs lets PocketBase's file route make: where it goes, and
// the release of the thumb slot it holds. It is kept in the request's store under
// pendingThumbKey.
type pendingThumb struct {
	key     string
	release func()
}

const pendingThumbKey = "folio.pendingThumb"

// onThumbServed runs once PocketBase's file route has made the thumbnail guardThumbs let
// through (or failed to), before it sends the file. It gives the slot back then, not after
// sending, which waits on the client: one that reads slowly would otherwise hold the slot, and
// with one per core a few such clients would hold every thumbnail of the server back. A
// thumbnail the route could not make (its ThumbError) goes to failedThumbs; a request the route
// refuses (no access) never gets here and marks nothing.
func onThumbServed(e *core.FileDownloadRequestEvent) error {
	if p, ok := e.Get(pendingThumbKey).(pendingThumb); ok {
		p.release()
		if e.ThumbError != nil {
			rememberThumbFailure(p.key)
		}
	}
	return e.Next()
}

// storedFile returns the storage folder and name of the file at {collection}/{record}/{file},
// PocketBase's file route's path; ok is false for a path of another shape, a collection that
// does not exist, or a view (whose files are another record's).
func storedFile(app core.App, path string) (base, name string, ok bool) {
	parts := strings.Split(path, "/")
	if len(parts) != 3 {
		return "", "", false
	}
	c, err := app.FindCachedCollectionByNameOrId(parts[0])
	if err != nil || c.IsView() {
		return "", "", false
	}
	return c.Id + "/" + parts[1], parts[2], true
}

// thumbKey is where PocketBase stores the thumbnail of size of the file name in the folder base.
func thumbKey(base, name, size string) string {
	return base + "/thumbs_" + name + "/" + size + "_" + name
}
