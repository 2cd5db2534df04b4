package attachments

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"testing"
)

// jpegWithScans is a JPEG header (start of image, a 64×64 grayscale frame) followed by n
// start-of-scan segments with a few bytes of data each, some of them escaped 0xFF and restarts.
func jpegWithScans(n int) []byte {
	b := []byte{0xff, 0xd8, 0xff, 0xc2, 0, 11, 8, 0, 64, 0, 64, 1, 1, 0x11, 0}
	for range n {
		b = append(b, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0)
		b = append(b, 0x12, 0xff, 0x00, 0x34, 0xff, 0xd3, 0x56)
	}
	return append(b, 0xff, 0xd9)
}

// TestJPEGScans: the count finds every scan, skips segments and scan data, and stops past the
// limit.
func TestJPEGScans(t *testing.T) {
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, image.NewGray(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		want int
	}{
		{"a baseline JPEG", plain.Bytes(), 1},
		{"ten scans", jpegWithScans(10), 10},
		{"64 scans", jpegWithScans(maxJPEGScans), maxJPEGScans},
		{"past the limit", jpegWithScans(5000), maxJPEGScans + 1},
	}
	for _, c := range cases {
		if got := jpegScans(bufio.NewReader(bytes.NewReader(c.data)), maxJPEGScans); got != c.want {
			t.Errorf("%s: %d scans, want %d", c.name, got, c.want)
		}
	}
	if _, format, err := image.DecodeConfig(bytes.NewReader(jpegWithScans(1))); err != nil || format != "jpeg" {
		t.Fatalf("the crafted header is not a JPEG: %v", err)
	}
}

// TestThumbSlotWaitEndsWithTheRequest: with every slot taken, a request that ends stops
// waiting and gets none; a free slot is taken at once.
func TestThumbSlotWaitEndsWithTheRequest(t *testing.T) {
	for range cap(thumbSlots) {
		thumbSlots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got := takeThumbSlot(ctx)
	for range cap(thumbSlots) {
		<-thumbSlots
	}
	if got {
		t.Fatal("a slot was taken while all were in use")
	}
	if !takeThumbSlot(context.Background()) {
		t.Fatal("a free slot was not taken")
	}
	<-thumbSlots
}
