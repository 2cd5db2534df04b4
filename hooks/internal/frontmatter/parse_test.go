package frontmatter_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"folio/hooks/internal/frontmatter"
)

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t *testing.T, data []byte) frontmatter.Document {
	t.Helper()
	doc, err := frontmatter.Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return doc
}

func TestParseWikiJSPage(t *testing.T) {
	doc := mustParse(t, readFixture(t, "wikijs-en.md"))

	wantKeys := []string{"title", "description", "published", "date", "tags", "editor", "dateCreated"}
	if got := doc.Keys(); !slices.Equal(got, wantKeys) {
		t.Errorf("Keys() = %q, want %q", got, wantKeys)
	}
	if got := doc.Title(); got != "Message Queues" {
		t.Errorf("Title() = %q", got)
	}
	if got := doc.Description(); got != "" {
		t.Errorf("Description() = %q, want empty", got)
	}
	if pub, ok := doc.Published(); !pub || !ok {
		t.Errorf("Published() = %v, %v, want true, true", pub, ok)
	}
	if tags := doc.Tags(); len(tags) != 0 {
		t.Errorf("Tags() = %q, want none", tags)
	}
	wantDate := time.Date(2024, 3, 5, 9, 12, 30, 250e6, time.UTC)
	if got, ok := doc.Date("date"); !ok || !got.Equal(wantDate) {
		t.Errorf("Date(date) = %v, %v, want %v", got, ok, wantDate)
	}
	if got := doc.String("editor"); got != "markdown" {
		t.Errorf("String(editor) = %q", got)
	}
	wantBody := "\n# Message Queues\n\nA message queue lets one service hand work to another without waiting for it.\n"
	if doc.Body != wantBody {
		t.Errorf("Body = %q, want %q", doc.Body, wantBody)
	}
}

func TestParseTags(t *testing.T) {
	cases := []struct {
		name, fm string
		want     []string
	}{
		{"hugo list with empty strings", `tags: ["架构", "", ""]`, []string{"架构"}},
		{"block list", "tags:\n  - a\n  - \" b \"\n  - a\n  - ~", []string{"a", "b"}},
		{"comma string", "tags: 백엔드, 메시징", []string{"백엔드", "메시징"}},
		{"comma string with gaps and repeats", "tags: ' a ,, b, a ,'", []string{"a", "b"}},
		{"empty", "tags: ", nil},
		{"missing", "title: x", nil},
		{"number in a list", "tags: [1, two]", []string{"1", "two"}},
		{"alias", "base: &t [x, y]\ntags: *t", []string{"x", "y"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := mustParse(t, []byte("---\n"+c.fm+"\n---\nbody\n"))
			if got := doc.Tags(); !slices.Equal(got, c.want) {
				t.Errorf("Tags() = %q, want %q", got, c.want)
			}
		})
	}
}

func TestParseNoFrontMatter(t *testing.T) {
	for _, text := range []string{"", "# Title\n\nText.\n", "Text\n---\nmore\n", "no newline"} {
		doc := mustParse(t, []byte(text))
		if doc.Body != text || len(doc.Keys()) != 0 {
			t.Errorf("Parse(%q) = keys %q, body %q; want no keys and the whole text", text, doc.Keys(), doc.Body)
		}
	}
}

func TestParseLineEndingsAndBOM(t *testing.T) {
	cases := []struct{ name, in, body string }{
		{"CRLF", "---\r\ntitle: 제목\r\ntags: [a, b]\r\n---\r\n\r\n본문\r\n", "\r\n본문\r\n"},
		{"BOM", "\uFEFF---\ntitle: 제목\ntags: a, b\n---\n본문", "본문"},
		{"blank lines before the front matter", "\n  \n---\ntitle: 제목\ntags: a,b\n---\n", ""},
		{"closing line is the last line", "---\ntitle: 제목\ntags: a,b\n---", ""},
		{"trailing blanks on delimiters", "--- \ntitle: 제목\ntags: a,b\n---\t\nx", "x"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := mustParse(t, []byte(c.in))
			if doc.Title() != "제목" || !slices.Equal(doc.Tags(), []string{"a", "b"}) || doc.Body != c.body {
				t.Errorf("got title %q, tags %q, body %q", doc.Title(), doc.Tags(), doc.Body)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string // fragments the message must contain
	}{
		{"invalid UTF-8", "---\ntitle: ok\n---\nline two \xff\n", []string{"not UTF-8", "line 4", "0xFF"}},
		{"broken YAML", "\n---\ntitle: a\ntags: [x, y\n---\n", []string{"not valid YAML at line", "line 4"}},
		{"a list", "---\n- a\n- b\n---\n", []string{"line 2", "a list"}},
		{"a single value", "---\njust text\n---\n", []string{"line 2", "a single value"}},
		{"never closed", "---\ntitle: a\n", []string{"line 1", "never closed"}},
		{"TOML", "+++\ntitle = 'a'\n+++\n", []string{"TOML"}},
		{"repeated key", "---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\n", []string{`"title"`, "lines 2 and 4"}},
		{"non-scalar key", "---\n? [a, b]\n: c\n---\n", []string{"line 2", "plain names"}},
		{"alias cycle", "---\na: &x [*x]\n---\n", []string{"refers to itself"}},
		{"alias bomb", "---\n" + aliasBomb() + "---\n", []string{"too many values"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := frontmatter.Parse([]byte(c.in))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

// aliasBomb is front matter whose aliases stand for 10^9 values.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := 0; j < 10; j++ {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestParseErrorLines pins the line numbers of YAML errors to the line of
// the file a person has to fix; the YAML library counts some from 0.
func TestParseErrorLines(t *testing.T) {
	cases := []struct {
		yaml string
		line int
	}{
		{"title: a\ntags: [x, y\n", 3},
		{"a: 1\nb: 2\nc 2\nd: 3\n", 4},
		{"a: 1\n\tb: 2\n", 3},
		{"a:\n  - x\n - y\n", 4},
		{"a: 1\nb: c: d\n", 3},
		{"a: 1\nb: @x\n", 3},
		{"title: [\n", 2},
		{"a: 1\nb: \"open\nc: 3\n", 3},
	}
	for _, c := range cases {
		_, err := frontmatter.Parse([]byte("---\n" + c.yaml + "---\n"))
		want := fmt.Sprintf("at line %d:", c.line)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) error = %v, want it %q", c.yaml, err, want)
		}
	}
}
