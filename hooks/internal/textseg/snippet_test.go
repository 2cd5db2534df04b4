package textseg_test

import (
	"html"
	"strings"
	"testing"
	"unicode/utf8"

	"folio/hooks/internal/textseg"
)

func mustParse(t testing.TB, query string) textseg.Query {
	t.Helper()
	q, err := textseg.ParseQuery(query)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", query, err)
	}
	return q
}

func TestHighlight(t *testing.T) {
	cases := []struct{ text, query, want string }{
		{"Le Café du matin", "cafe", "Le <mark>Café</mark> du matin"},
		{"東京都は日本の首都です", "首都", "東京都は日本の<mark>首都</mark>です"},
		{"東京都は日本の首都です", "東京都", "<mark>東京都</mark>は日本の首都です"},
		{"東京都は日本の首都です", "首", "東京都は日本の<mark>首</mark>都です"},
		{"새 클러스터를 설치", "클러스터", "새 <mark>클러스터</mark>를 설치"},
		{"물을 마셨다", "물", "<mark>물</mark>을 마셨다"},
		{"Kubernetes 클러스터", "kube*", "<mark>Kubernetes</mark> 클러스터"},
		{"ｱｲｽｺｰﾋｰ", "アイス", "<mark>ｱｲｽ</mark>ｺｰﾋｰ"},
		{"Die Straße", "strasse", "Die <mark>Straße</mark>"},
		{"Phở bò ở Hà Nội", `"ha noi"`, "Phở bò ở <mark>Hà Nội</mark>"},
		{"un café, un thé, café noir", `"un café"`, "<mark>un café</mark>, un thé, café noir"},
		{"cafe and spam", "cafe -spam", "<mark>cafe</mark> and spam"},
		{"<b>Café</b> & co", "cafe co", "&lt;b&gt;<mark>Café</mark>&lt;/b&gt; &amp; <mark>co</mark>"},
		{"nothing here", "absent", "nothing here"},
	}
	for _, c := range cases {
		if got := textseg.Highlight(c.text, mustParse(t, c.query)); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.text, c.query, got, c.want)
		}
	}
}

func TestSnippetPicksTheBestWindow(t *testing.T) {
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 10)
	text := filler + "alpha once. " + filler + "here alpha and beta together. " + filler
	got := textseg.Snippet(text, mustParse(t, "alpha beta"), 60)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("snippet cut on both sides should say so: %q", got)
	}
	if !strings.Contains(got, "<mark>alpha</mark> and <mark>beta</mark>") {
		t.Errorf("snippet missed the window with both words: %q", got)
	}
	if n := visibleRunes(got); n > 60 {
		t.Errorf("snippet shows %d characters, want at most 60: %q", n, got)
	}
	words := map[string]bool{"lorem": true, "ipsum": true, "dolor": true, "sit": true, "amet": true,
		"here": true, "alpha": true, "and": true, "beta": true, "together.": true, "once.": true}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(got)
	for _, w := range strings.Fields(plain) {
		if !words[w] {
			t.Errorf("snippet cuts a word (%q): %q", w, got)
		}
	}
}

func TestSnippetCJK(t *testing.T) {
	text := strings.Repeat("今日は晴れです。", 20) + "京都の庭は静かでした。" + strings.Repeat("明日は雨です。", 20)
	got := textseg.Snippet(text, mustParse(t, "静か"), 30)
	if !strings.Contains(got, "<mark>静か</mark>") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("Snippet = %q", got)
	}
	if n := visibleRunes(got); n > 30 {
		t.Errorf("snippet shows %d characters, want at most 30: %q", n, got)
	}
}

func TestSnippetCollapsesWhitespaceAndEscapes(t *testing.T) {
	got := textseg.Snippet("  line one\n\n  line <two> & more", mustParse(t, "more"), 0)
	if want := "line one line &lt;two&gt; &amp; <mark>more</mark>"; got != want {
		t.Errorf("Snippet = %q, want %q", got, want)
	}
}

func TestSnippetWithoutHitsShowsTheStart(t *testing.T) {
	got := textseg.Snippet("first words of a long text that goes on", mustParse(t, "absent"), 11)
	if want := "first words…"; got != want {
		t.Errorf("Snippet = %q, want %q", got, want)
	}
}

// visibleRunes counts what a reader sees: marks and ellipses removed, entities decoded.
func visibleRunes(snippet string) int {
	s := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(snippet)
	return utf8.RuneCountInString(html.UnescapeString(s))
}
