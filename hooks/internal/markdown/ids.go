package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/unicode/norm"
)

// maxSlugRunes keeps IDs made from very long headings short enough to read
// in a URL; the dedup suffix comes on top.
const maxSlugRunes = 100

// safeID is what an id attribute may look like after sanitizing: letters,
// marks and digits of any script plus "-", "_", "." and ":" (the last two for
// footnote IDs such as "fn:1" and explicit IDs such as "v1.2"). The sanitizer
// and the explicit-ID check share it so the TOC never names an ID the HTML
// lost.
// Compiled on first use: the Unicode classes repeated 128 times make a
// program of some megabytes, which processes that render nothing should not
// build at start-up.
var safeID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[\p{L}\p{M}\p{N}_.:-]{1,128}$`) })

// headingIDs is Folio's parser.IDs. goldmark's own generator keeps only
// ASCII letters, so a Korean or Japanese heading would get the ID "heading";
// this one keeps letters of every script. One value serves one document.
type headingIDs struct {
	used map[string]struct{}
	// last remembers the highest suffix tried per base so that n headings
	// with the same text cost O(n), not O(n²).
	last map[string]int
}

var _ parser.IDs = (*headingIDs)(nil)

func newHeadingIDs() *headingIDs {
	return &headingIDs{used: map[string]struct{}{}, last: map[string]int{}}
}

// Generate returns an unused ID made from text: NFC-normalized, lowercased,
// letters, marks and digits of any script kept, each run of white space made
// one "-", other punctuation and symbols dropped. A taken ID gets "-1", "-2"…
func (s *headingIDs) Generate(text []byte, kind ast.NodeKind) []byte {
	base := slug(string(text))
	if base == "" {
		base = "id"
		if kind == ast.KindHeading {
			base = "heading"
		}
	}
	return []byte(s.unique(base))
}

// Put records an ID chosen by the author so that generated ones avoid it.
func (s *headingIDs) Put(value []byte) {
	s.used[string(value)] = struct{}{}
}

func (s *headingIDs) unique(base string) string {
	if _, taken := s.used[base]; !taken {
		s.used[base] = struct{}{}
		return base
	}
	for i := s.last[base] + 1; ; i++ {
		id := base + "-" + strconv.Itoa(i)
		if _, taken := s.used[id]; !taken {
			s.used[id] = struct{}{}
			s.last[base] = i
			return id
		}
	}
}

func slug(text string) string {
	var b strings.Builder
	n, space := 0, false
	for _, r := range norm.NFC.String(strings.TrimSpace(text)) {
		if n >= maxSlugRunes {
			break
		}
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.M, r):
			r = unicode.ToLower(r)
		case r == '-' || r == '_':
		default:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte('-')
			n++
		}
		space = false
		b.WriteRune(r)
		n++
	}
	return b.String()
}
