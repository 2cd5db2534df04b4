package navigation

import (
	"bytes"
	"encoding/json/jsontext"
	"encoding/json/v2"
	"fmt"
	"testing"
)

// TestTreeJSONEqualsPocketBaseEncoding: the tree's own encoder writes the bytes PocketBase's
// e.JSON writes for the same entries — titles with quotes, backslashes, every control
// character, HTML, U+2028, emoji, CJK and invalid UTF-8 included.
func TestTreeJSONEqualsPocketBaseEncoding(t *testing.T) {
	odd := []string{"", "plain", `q"uo\te`, "<b>&amp;</b>", "line\u2028sep\u2029", "한국어 文書 😀",
		"bad\xffutf8\xc3", "\x7f del", "tab\tnl\ncr\rff\fbs\b"}
	for c := 0; c < 0x20; c++ {
		odd = append(odd, fmt.Sprintf("c%c%02x", rune(c), c))
	}
	var nodes []*treeNode
	for i, s := range odd {
		n := &treeNode{Name: s, Path: "p/" + s, Id: fmt.Sprint(i), Locale: "ko", Title: s, LinkTitle: s + "!",
			Weight: i - 3, Render: s, State: s, Fallback: i%2 == 0, Section: i%3 == 0, Children: []*treeNode{}}
		if i > 0 {
			n.Children = append(n.Children, nodes[i-1])
		}
		nodes = append(nodes, n)
	}
	want, err := json.Marshal(nodes, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if err != nil {
		t.Fatal(err)
	}
	if got := appendTreeJSON(nil, nodes); !bytes.Equal(got, want) {
		t.Fatalf("tree JSON differs:\n got %s\nwant %s", got, want)
	}
	if got := appendNodeJSON(nil, nil); string(got) != "null" {
		t.Fatalf("no root page: %s", got)
	}
}
