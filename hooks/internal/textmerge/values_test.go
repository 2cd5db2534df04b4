package textmerge_test

import (
	"reflect"
	"testing"

	"folio/hooks/internal/textmerge"
)

func TestMergeValue(t *testing.T) {
	cases := []struct {
		name                string
		base, theirs, yours string
		want                string
		ok                  bool
	}{
		{"nobody changed", "draft", "draft", "draft", "draft", true},
		{"theirs changed", "draft", "published", "draft", "published", true},
		{"yours changed", "draft", "draft", "published", "published", true},
		{"same change", "draft", "published", "published", "published", true},
		{"different changes", "draft", "published", "archived", "published", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := textmerge.MergeValue(c.base, c.theirs, c.yours)
			if got != c.want || ok != c.ok {
				t.Fatalf("MergeValue = %q, %v; want %q, %v", got, ok, c.want, c.ok)
			}
		})
	}
	if got, ok := textmerge.MergeValue(false, false, true); !got || !ok {
		t.Fatalf("MergeValue(bool) = %v, %v; want true, true", got, ok)
	}
	if _, ok := textmerge.MergeValue(1, 2, 3); ok {
		t.Fatal("MergeValue(1, 2, 3) reported no conflict")
	}
}

func TestMergeSet(t *testing.T) {
	cases := []struct {
		name                string
		base, theirs, yours []string
		want                []string
	}{
		{"nil everywhere", nil, nil, nil, []string{}},
		{"both add", []string{"a"}, []string{"a", "t"}, []string{"a", "y"}, []string{"a", "t", "y"}},
		{"both add the same", []string{"a"}, []string{"a", "x"}, []string{"x", "a"}, []string{"a", "x"}},
		{"yours removes", []string{"a", "b"}, []string{"b", "a", "t"}, []string{"b"}, []string{"b", "t"}},
		{"theirs removes", []string{"a", "b"}, []string{"b"}, []string{"a", "b", "y"}, []string{"b", "y"}},
		{"both remove", []string{"a", "b"}, []string{"b"}, []string{"b"}, []string{"b"}},
		{"theirs order kept", []string{"a", "b", "c"}, []string{"c", "b", "a"}, []string{"a", "b", "c", "d"}, []string{"c", "b", "a", "d"}},
		{"duplicates dropped", nil, []string{"x", "x"}, []string{"y", "x", "y"}, []string{"x", "y"}},
		{"CJK tags", []string{"백엔드"}, []string{"백엔드", "后端"}, []string{"バックエンド"}, []string{"后端", "バックエンド"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := textmerge.MergeSet(c.base, c.theirs, c.yours)
			if !reflect.DeepEqual(got, c.want) {
				t.Fatalf("MergeSet = %q, want %q", got, c.want)
			}
		})
	}
}
