package attachments_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/attachments"
	"folio/hooks/schema"
)

// declaredPNG is a valid PNG header declaring a w×h grayscale image, with one row of pixel data:
// a decoder allocates w×h bytes before it finds the rest missing.
func declaredPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(kind)
		b.Write(data)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	}
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	chunk("IHDR", append(ihdr, 8, 0, 0, 0, 0)) // 8-bit grayscale
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	_, _ = zw.Write(make([]byte, 1+w)) // one row: filter byte and pixels
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// TestThumbnailOfAHugeImageIsTheOriginal: a thumbnail request for an image that declares more
// than maxThumbPixels gets the original from both file routes, and nothing decodes the image;
// an ordinary image still gets its thumbnail from both.
func TestThumbnailOfAHugeImageIsTheOriginal(t *testing.T) {
	f := newFixture(t)
	huge := declaredPNG(20_000, 15_000) // 300 megapixels, 300 MB decoded
	small := pngBytes(t, 300, 200, 7)
	hugeRec := f.uploaded(t, "u", "img/huge.png", "huge.png", huge)
	smallRec := f.uploaded(t, "u", "img/small.png", "small.png", small)
	token := f.fileToken(t, "viewer")
	urls := func(rec response, name string) []string {
		id, file := rec.body["id"].(string), rec.body["file"].(string)
		return []string{
			"/api/folio/files/" + id + "/" + name + "?thumb=100x100",
			"/api/files/attachments/" + id + "/" + file + "?thumb=100x100&token=" + token,
			"/api/files/attachments/" + id + "/" + file + "?thumb=800x0&token=" + token,
		}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, u := range urls(hugeRec, "huge.png") {
		res := f.do(t, "GET", u, "viewer", nil)
		if res.status != 200 || !bytes.Equal(res.raw, huge) {
			t.Errorf("%s: %d, the original: %v", u, res.status, bytes.Equal(res.raw, huge))
		}
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("thumbnail requests of the huge image allocated %d MB", grew>>20)
	}
	for _, u := range urls(smallRec, "small.png") {
		if res := f.do(t, "GET", u, "viewer", nil); !isThumbnailOf(res, small) {
			t.Errorf("%s: %d, not a thumbnail", u, res.status)
		}
	}
}

// TestAFailedThumbnailIsNotTriedAgain: an image whose header passes but whose data does not
// decode gets the original from both file routes, and a second request does not decode it again
// (the stored file is swapped for a good image in between, which a second try would make a
// thumbnail of). A request the route refuses marks nothing: a private image's thumbnail asked
// for by a stranger is still made for a member.
func TestAFailedThumbnailIsNotTriedAgain(t *testing.T) {
	f := newFixture(t)
	broken := declaredPNG(300, 200) // one row of 200
	good := pngBytes(t, 300, 200, 9)
	rec := f.uploaded(t, "u", "img/broken.png", "broken.png", broken)
	private := f.uploaded(t, "p", "img/private.png", "private.png", good)
	token := f.fileToken(t, "viewer")
	attachments, err := f.app.FindCollectionByNameOrId(schema.CollectionAttachments)
	if err != nil {
		t.Fatal(err)
	}
	id, file := rec.body["id"].(string), rec.body["file"].(string)
	urls := []string{
		"/api/folio/files/" + id + "/broken.png?thumb=100x100",
		"/api/files/attachments/" + id + "/" + file + "?thumb=800x0&token=" + token,
	}
	for _, u := range urls {
		if res := f.do(t, "GET", u, "viewer", nil); res.status != 200 || !bytes.Equal(res.raw, broken) {
			t.Errorf("%s: %d, the original: %v", u, res.status, bytes.Equal(res.raw, broken))
		}
	}
	fsys, err := f.app.NewFilesystem()
	if err != nil {
		t.Fatal(err)
	}
	defer fsys.Close()
	if err := fsys.Upload(good, attachments.Id+"/"+id+"/"+file); err != nil {
		t.Fatal(err)
	}
	for _, u := range urls {
		if res := f.do(t, "GET", u, "viewer", nil); res.status != 200 || !bytes.Equal(res.raw, good) {
			t.Errorf("%s again: %d, the stored file as it is: %v", u, res.status, bytes.Equal(res.raw, good))
		}
	}

	pid, pfile := private.body["id"].(string), private.body["file"].(string)
	stranger := f.fileToken(t, "stranger")
	if res := f.do(t, "GET", "/api/files/attachments/"+pid+"/"+pfile+"?thumb=800x0&token="+stranger, "stranger", nil); res.status == 200 {
		t.Fatalf("a stranger got the private image: %d", res.status)
	}
	res := f.do(t, "GET", "/api/files/attachments/"+pid+"/"+pfile+"?thumb=800x0&token="+token, "viewer", nil)
	if !isThumbnailOf(res, good) {
		t.Errorf("the member's thumbnail after a stranger's refused request: %d, not a thumbnail", res.status)
	}
}

// TestThumbSlotIsFreeWhileTheFileIsSent: PocketBase's file route holds a thumbnail slot while it
// makes the thumbnail, not while it sends the file, which a slow client could make last; a
// thumbnail it made is not remembered as a failure.
func TestThumbSlotIsFreeWhileTheFileIsSent(t *testing.T) {
	f := newFixture(t)
	img := pngBytes(t, 300, 200, 5)
	rec := f.uploaded(t, "u", "img/slot.png", "slot.png", img)
	token := f.fileToken(t, "viewer")
	failures := attachments.ThumbFailures()
	inUse := -1
	f.app.OnFileDownloadRequest().BindFunc(func(e *core.FileDownloadRequestEvent) error {
		inUse = attachments.ThumbSlotsInUse()
		return e.Next()
	})
	u := "/api/files/attachments/" + rec.body["id"].(string) + "/" + rec.body["file"].(string) + "?thumb=800x0&token=" + token
	res := f.do(t, "GET", u, "viewer", nil)
	if !isThumbnailOf(res, img) {
		t.Fatalf("%s: %d, not a thumbnail", u, res.status)
	}
	if inUse != 0 {
		t.Errorf("slots in use while the thumbnail was sent: %d, want 0", inUse)
	}
	if n := attachments.ThumbSlotsInUse(); n != 0 {
		t.Errorf("slots in use after the request: %d", n)
	}
	if n := attachments.ThumbFailures(); n != failures {
		t.Errorf("failures remembered: %d after a thumbnail was made, %d before", n, failures)
	}
}
