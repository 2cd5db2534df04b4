package transfer_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"math"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"folio/hooks/internal/markdown"
	"folio/hooks/internal/mdtree"
	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
	"folio/hooks/transfer"
)

// deflatedZeros is n MB of zero bytes deflated, with their CRC-32: a bomb's payload. Once the
// window is all zeros, every further megabyte deflates to the same flushed block, so the stream
// is built by repeating that block instead of compressing a gigabyte.
func deflatedZeros(t testing.TB, mb int) ([]byte, uint32) {
	t.Helper()
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	chunk := make([]byte, 1<<20)
	block := func() []byte {
		buf.Reset()
		fw.Write(chunk)
		fw.Flush()
		return bytes.Clone(buf.Bytes())
	}
	first, second, third := block(), block(), block()
	if !bytes.Equal(second, third) {
		t.Fatal("deflate does not repeat its blocks over zeros")
	}
	buf.Reset()
	fw.Close()
	stream := append(first, bytes.Repeat(second, mb-1)...)
	stream = append(stream, buf.Bytes()...)
	crc := crc32.NewIEEE()
	for range mb {
		crc.Write(chunk)
	}
	return stream, crc.Sum32()
}

// rawZip writes entries whose headers say what each case wants, whatever the data is.
func rawZip(t testing.TB, entries ...rawEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, UncompressedSize64: e.declared,
			CompressedSize64: uint64(len(e.data)), CRC32: e.crc}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type rawEntry struct {
	name     string
	declared uint64
	data     []byte
	crc      uint32
}

// bombs are zips of about 1.5 MB that inflate to gigabytes, with headers that lie in each of
// the ways a limit on declared sizes alone lets through.
func bombs(t testing.TB) map[string][]byte {
	payload, crc := deflatedZeros(t, 1<<10) // 1 GB of zeros deflates to about 1 MB
	small, smallCRC := deflatedZeros(t, 300)
	return map[string][]byte{
		// 1 + (2^64 − 1) wraps to 0 in a uint64 sum; the second size reads −1 as an int64.
		"sizes that wrap": rawZip(t,
			rawEntry{"a.md", 1, payload[:len(payload)/2], crc},
			rawEntry{"b.md", math.MaxUint64, payload, crc}),
		// A size that claims little: Go's reader stops just past it.
		"sizes that claim little": rawZip(t,
			rawEntry{"a.md", 100, payload, crc}),
		// Sizes that each fit and add up within the limit, claiming less than the data holds.
		"many entries that claim little": rawZip(t,
			rawEntry{"a.md", 1 << 20, small, smallCRC}, rawEntry{"b.md", 1 << 20, small, smallCRC},
			rawEntry{"c.md", 1 << 20, small, smallCRC}),
	}
}

// TestZipBombsAreRefusedWithoutInflating reads each bomb the way the import does and checks
// that it is refused and that reading it allocated a few megabytes, not the gigabytes it holds.
func TestZipBombsAreRefusedWithoutInflating(t *testing.T) {
	for name, data := range bombs(t) {
		if len(data) > 2<<20 {
			t.Fatalf("%s: bomb is %d bytes, want about 1.5 MB", name, len(data))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		fsys, err := transfer.OpenZip(bytes.NewReader(data), int64(len(data)))
		if err == nil {
			_, _ = mdtree.Read(fsys, mdtree.FormatWikiJS, "en")
			err = transfer.ZipErr(fsys)
		}
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: read without an error", name)
		}
		// Every byte allocated while reading, peak or not, stays far below the limit.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
			t.Errorf("%s: reading allocated %d MB", name, alloc>>20)
		}
		t.Logf("%s (%d KB): allocated %d KB reading it: %v", name, len(data)>>10, (after.TotalAlloc-before.TotalAlloc)>>10, err)
	}
}

// TestBoundedZipStopsAtTheLimit checks the counting reader itself: an entry whose header
// declares a size within the limit but whose data inflates past the per-entry limit.
func TestBoundedZipStopsAtTheLimit(t *testing.T) {
	payload, crc := deflatedZeros(t, transfer.MaxZipEntry>>20+1)
	data := rawZip(t, rawEntry{"a.md", transfer.MaxZipEntry, payload, crc})
	fsys, err := transfer.OpenZip(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := fsys.Open("a.md")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, f)
	if err == nil || n > transfer.MaxZipEntry {
		t.Fatalf("read %d bytes, error %v; want at most %d and an error", n, err, transfer.MaxZipEntry)
	}
	if transfer.ZipErr(fsys) == nil {
		t.Fatal("the zip does not report the limit it hit")
	}
}

func TestImportRouteRefusesZipBombs(t *testing.T) {
	w := newWorld(t)
	for name, data := range bombs(t) {
		body, ct := upload(t, data, nil)
		(&tests.ApiScenario{
			Name:   name,
			Method: http.MethodPost, URL: "/api/folio/spaces/" + w.private.Id + "/import", Body: body,
			Headers:         w.headers(t, "editor", ct),
			ExpectedStatus:  400,
			ExpectedContent: []string{`"status":400`, "zip"},
			TestAppFactory:  w.factory(nil),
			AfterTestFunc:   noPagesWritten,
		}).Test(t)
	}
}

// TestImportRefusesBodiesOverTheLimit: the page body limit holds for imports too, as a failed
// file naming the limit, checked before the body is rendered.
func TestImportRefusesBodiesOverTheLimit(t *testing.T) {
	app := testapp.New(t)
	space := createSpace(t, app, "kb", schema.VisibilityPrivate)
	tree := wikiTree()
	tree["hostile.md"] = file("---\ntitle: Hostile\n---\n" + strings.Repeat("> ", markdown.Limits().Body/2+1))
	sum, err := transfer.Import(app, space, tree, transfer.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || len(sum.Errors) != 1 || sum.Errors[0].File != "hostile.md" ||
		!strings.Contains(sum.Errors[0].Reason, "longer than") {
		t.Fatalf("summary %+v", sum)
	}
}
