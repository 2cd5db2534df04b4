package attachments_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"testing"
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
	hugeRec := f.create(t, "editor", "u", "img/huge.png", "", "huge.png", huge)
	smallRec := f.create(t, "editor", "u", "img/small.png", "", "small.png", small)
	if hugeRec.status != 200 || smallRec.status != 200 {
		t.Fatalf("uploads: %d %s, %d %s", hugeRec.status, hugeRec.raw, smallRec.status, smallRec.raw)
	}
	token, err := f.users["viewer"].NewFileToken()
	if err != nil {
		t.Fatal(err)
	}
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
		res := f.do(t, "GET", u, "viewer", nil)
		if res.status != 200 || bytes.Equal(res.raw, small) || !bytes.HasPrefix(res.raw, []byte("\x89PNG")) {
			t.Errorf("%s: %d, a thumbnail: %v", u, res.status, !bytes.Equal(res.raw, small))
		}
	}
}
