package textseg_test

import (
	"strings"
	"testing"

	"folio/hooks/internal/textseg"
)

// mixedText is about 4 KB of the test documents: Chinese, Japanese, Korean and accented Latin.
func mixedText() string {
	var b strings.Builder
	for b.Len() < 4096 {
		for _, d := range docs[1:] {
			b.WriteString(d.title + "\n" + d.body + "\n")
		}
	}
	return b.String()
}

func BenchmarkIndexText(b *testing.B) {
	text := mixedText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		textseg.IndexText(text)
	}
}

func BenchmarkParseQuery(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		q, err := textseg.ParseQuery(`Kubernetes 클러스터 "東京都 首都" -Café kube*`)
		if err != nil {
			b.Fatal(err)
		}
		_ = q.MatchExprIn("")
	}
}

func BenchmarkSnippet(b *testing.B) {
	text := mixedText()
	q := mustParse(b, "클러스터 cafe 静か")
	b.ReportAllocs()
	for b.Loop() {
		textseg.Snippet(text, q, 160)
	}
}

// BenchmarkSnippetCJK cuts a snippet from 4 KB of Chinese and Japanese, every character of
// which starts a bigram, for a word found only at the end.
func BenchmarkSnippetCJK(b *testing.B) {
	var t strings.Builder
	for t.Len() < 4096 {
		t.WriteString(docs[1].body + docs[2].body + "\n")
	}
	text := t.String() + "喫茶店"
	q := mustParse(b, "喫茶")
	b.ReportAllocs()
	for b.Loop() {
		textseg.Snippet(text, q, 160)
	}
}
