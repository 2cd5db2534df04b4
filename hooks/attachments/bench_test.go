package attachments_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"folio/hooks/schema"
)

// noiseJPEGish is n bytes that sniff as a JPEG (the SOI marker, then noise): a 1 MB photo to
// the upload path, which never decodes it.
func noiseJPEGish(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	copy(b, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00})
	return b
}

// BenchmarkUploadPaired uploads a 1 MB image through the records API, alternately to Folio's
// attachments (rules, sniffing, hashing, limits, address checks) and to a plain PocketBase
// collection with one file field and a signed-in create rule, by the same user through the same
// router; it reports each side's mean and folio/plain.
func BenchmarkUploadPaired(b *testing.B) {
	f := newFixture(b)
	plain := core.NewBaseCollection("bench_plain_files")
	plain.CreateRule = types.Pointer(`@request.auth.id != ""`)
	plain.Fields.Add(&core.TextField{Name: "path"}, &core.FileField{Name: "file", MaxSelect: 1, MaxSize: 100 << 20})
	if err := f.app.Save(plain); err != nil {
		b.Fatal(err)
	}
	data := noiseJPEGish(1 << 20)
	var folio, base time.Duration
	ratios := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		plainUpload := func() time.Duration {
			body := upload(b, map[string]string{"path": fmt.Sprintf("p/%d.jpg", i)}, "photo.jpg", data)
			start := time.Now()
			if res := f.do(b, "POST", "/api/collections/bench_plain_files/records", "editor", body); res.status != 200 {
				b.Fatalf("plain upload: %d %s", res.status, res.raw)
			}
			return time.Since(start)
		}
		folioUpload := func() time.Duration {
			body := upload(b, map[string]string{schema.AttachmentSpace: f.spaces["p"].Id, schema.AttachmentPath: fmt.Sprintf("img/%d.jpg", i)}, "photo.jpg", data)
			start := time.Now()
			if res := f.do(b, "POST", "/api/collections/attachments/records", "editor", body); res.status != 200 {
				b.Fatalf("folio upload: %d %s", res.status, res.raw)
			}
			return time.Since(start)
		}
		// Each side goes first every other time, so neither always follows the other's write.
		var p, q time.Duration
		if i%2 == 0 {
			p, q = plainUpload(), folioUpload()
		} else {
			q, p = folioUpload(), plainUpload()
		}
		base, folio = base+p, folio+q
		ratios = append(ratios, float64(q)/float64(p))
	}
	b.ReportMetric(float64(folio.Microseconds())/float64(b.N), "folio-µs/op")
	b.ReportMetric(float64(base.Microseconds())/float64(b.N), "plain-µs/op")
	b.ReportMetric(float64(folio)/float64(base), "folio/plain")
	b.ReportMetric(median(ratios), "median-folio/plain")
}

// BenchmarkPageSaveRefsPaired saves a page whose body references 50 existing images (each
// resolved to its file URL and indexed), alternately with the same page without the
// references (the image lines replaced by plain text of the same length), both through
// app.Save with every Folio hook; it reports each side's mean and refs/none.
func BenchmarkPageSaveRefsPaired(b *testing.B) {
	f := newFixture(b)
	for i := range 50 {
		if res := f.create(b, "editor", "p", fmt.Sprintf("docs/img/fig-%d.png", i), "", "fig.png", pngBytes(b, 4, 4, uint8(i))); res.status != 200 {
			b.Fatalf("upload: %s", res.raw)
		}
	}
	body := func(refs bool, v int) string {
		var sb strings.Builder
		fmt.Fprintf(&sb, "# Figures (%d)\n\n", v)
		for i := range 50 {
			if refs {
				fmt.Fprintf(&sb, "Figure %d shows the system.\n\n![Figure %d](img/fig-%d.png)\n\n", i, i, i)
			} else {
				fmt.Fprintf(&sb, "Figure %d shows the system.\n\nFigure %d is img/fig-%d.png!!!\n\n", i, i, i)
			}
		}
		return sb.String()
	}
	withRefs := f.page(b, "p", "en", "docs/with", body(true, 0))
	without := f.page(b, "p", "en", "docs/without", body(false, 0))
	if n := strings.Count(withRefs.GetString(schema.PageHTML), "/api/folio/files/"); n != 50 {
		b.Fatalf("%d references resolved, want 50", n)
	}
	var refs, none time.Duration
	ratios := make([]float64, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		var pair [2]time.Duration
		sides := []struct {
			page *core.Record
			refs bool
			d    *time.Duration
		}{{without, false, &none}, {withRefs, true, &refs}}
		if i%2 == 1 {
			sides[0], sides[1] = sides[1], sides[0] // each side goes first every other time
		}
		for _, c := range sides {
			c.page.Set(schema.PageBody, body(c.refs, i+1))
			start := time.Now()
			if err := f.app.Save(c.page); err != nil {
				b.Fatal(err)
			}
			d := time.Since(start)
			*c.d += d
			pair[boolIndex(c.refs)] = d
		}
		ratios = append(ratios, float64(pair[1])/float64(pair[0]))
	}
	b.ReportMetric(float64(refs.Microseconds())/float64(b.N), "refs-µs/op")
	b.ReportMetric(float64(none.Microseconds())/float64(b.N), "none-µs/op")
	b.ReportMetric(float64(refs)/float64(none), "refs/none")
	b.ReportMetric(median(ratios), "median-refs/none")
}

// median is the middle of the per-pair ratios: one pair slowed down by another process on the
// machine moves it less than it moves the ratio of the sums.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}
