package markdown

import (
	"html"
	"testing"
)

// FuzzHeadingHTML checks that HeadingHTML gives, for any text, what the sanitizer gives for the
// escaped text: the shortcut it takes for text without a carriage return or a NUL changes nothing.
func FuzzHeadingHTML(f *testing.F) {
	for _, s := range []string{
		"", " ", "Section 1", "백엔드 & <프로그래밍>", `a <b>bold</b> & "quoted" 'word'`,
		"<img src=x onerror=alert(1)>", "&amp; &copy; &#39; &#x3c;", "<!-- c -->", "<![CDATA[x]]>",
		"a\rb", "a\r\nb", "\r", "a\x00b", "\x00", "\xff\xfe bad utf-8", "tab\tand\nnewline", "  padded  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := HeadingHTML(text), policy().Sanitize(html.EscapeString(text)); got != want {
			t.Fatalf("HeadingHTML(%q) = %q, the sanitizer gives %q", text, got, want)
		}
	})
}
