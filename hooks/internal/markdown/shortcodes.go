package markdown

import (
	"html"
	"regexp"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
)

// Hugo shortcodes ({{< name args >}}…{{< /name >}} and {{% … %}}) stay verbatim in a page's
// body, so an export gives them back as written. Rendering turns them into inert markup a client
// may style or hydrate — <div class="shortcode" data-shortcode="alert" data-args="…"> around the
// inner markdown, rendered, or a <span> when the shortcode sits inside a line — so a reader never
// sees "{{<". ref and relref become the link they stand for, and include puts the content of the
// page it names in its place when the caller of Render can look pages up.

// maxShortcodeLen bounds how far the end of a shortcode is looked for: Docsy's longest spread
// over a few lines; anything longer is text.
const maxShortcodeLen = 4096

// shortcodeAt is one shortcode found by nextShortcode: its span and its parts.
type shortcodeAt struct {
	start, end int
	comment    bool // Hugo's {{</* … */>}}, which shows the shortcode rather than running it
	close      bool
	name, args string
}

// shortcodeScanner finds shortcodes in one text, remembering where the next end marker of
// each kind is so that many "{{<" without an end cost one search, not one each.
type shortcodeScanner struct {
	text string
	ends map[byte]int // delimiter → absolute index of the next "<delim>}}" at or after the last look, -1 none
}

func newShortcodeScanner(text string) *shortcodeScanner {
	return &shortcodeScanner{text: text, ends: map[byte]int{}}
}

// endAfter returns the index of the first end marker of delim at or after from, or -1.
func (s *shortcodeScanner) endAfter(delim byte, from int) int {
	marker := ">}}"
	if delim == '%' {
		marker = "%}}"
	}
	if e, ok := s.ends[delim]; ok && (e < 0 || e >= from) {
		return e
	}
	e := strings.Index(s.text[from:], marker)
	if e >= 0 {
		e += from
	}
	s.ends[delim] = e
	return e
}

// next finds the first shortcode at or after from: "{{<" or "{{%", an optional "/*", an
// optional "/" (a closing one), the name, the arguments, and ">}}" or "%}}". A scan rather than
// a regular expression: it runs on every save and must stay linear.
func (s *shortcodeScanner) next(from int) (shortcodeAt, bool) {
	text := s.text
	for from < len(text) {
		i := strings.Index(text[from:], "{{")
		if i < 0 {
			return shortcodeAt{}, false
		}
		start := from + i
		from = start + 2
		if start+2 >= len(text) || (text[start+2] != '<' && text[start+2] != '%') {
			continue
		}
		end := s.endAfter(text[start+2], start+3)
		if end < 0 || end-start > maxShortcodeLen {
			continue
		}
		sc := shortcodeAt{start: start, end: end + 3}
		inner := strings.TrimSpace(text[start+3 : end])
		if strings.HasPrefix(inner, "/*") && strings.HasSuffix(inner, "*/") && len(inner) >= 4 {
			sc.comment, inner = true, strings.TrimSpace(inner[2:len(inner)-2])
		}
		inner = strings.TrimSpace(strings.TrimSuffix(inner, "/"))
		if strings.HasPrefix(inner, "/") {
			sc.close, inner = true, strings.TrimSpace(inner[1:])
		}
		n := strings.IndexFunc(inner, func(r rune) bool {
			return !(r == '_' || r == '.' || r == '/' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r))
		})
		if n < 0 {
			n = len(inner)
		}
		if n == 0 {
			continue
		}
		sc.name, sc.args = inner[:n], strings.TrimSpace(inner[n:])
		return sc, true
	}
	return shortcodeAt{}, false
}

// maxIncludeDepth bounds include inside included content, so two pages that include each
// other cannot loop.
const maxIncludeDepth = 2

// Includer returns the markdown body of the page a shortcode such as {{< include "path" >}}
// names, or false when there is none to include.
type Includer func(path string) (string, bool)

// shortcodeFrame is an open paired shortcode: the element its closing tag must close.
type shortcodeFrame struct{ name, elem string }

// expandShortcodes rewrites the shortcodes of src outside fenced code blocks into markdown and
// inert HTML for the renderer; inside code blocks only Hugo's comment form is undone, as Hugo
// shows it. include may be nil.
func expandShortcodes(src string, include Includer, depth int) string {
	if !strings.Contains(src, "{{") {
		return src
	}
	var out strings.Builder
	out.Grow(len(src) + len(src)/4)
	var stack []shortcodeFrame
	closing := closingNames(src)
	inFence, fence := false, ""
	var chunk strings.Builder
	flush := func() {
		out.WriteString(expandText(chunk.String(), include, depth, closing, &stack))
		chunk.Reset()
	}
	for line := range strings.Lines(src) {
		trimmed := strings.TrimLeft(line, " ")
		if f := fenceOf(trimmed); f != "" && (!inFence || strings.HasPrefix(strings.TrimSpace(trimmed), fence)) {
			if !inFence {
				flush()
				inFence, fence = true, f
			} else {
				inFence = false
			}
			out.WriteString(line)
			continue
		}
		if inFence {
			out.WriteString(strings.NewReplacer("{{</*", "{{<", "*/>}}", ">}}", "{{%/*", "{{%", "*/%}}", "%}}").Replace(line))
			continue
		}
		chunk.WriteString(line)
	}
	flush()
	for i := len(stack) - 1; i >= 0; i-- {
		out.WriteString("\n\n</" + stack[i].elem + ">\n")
	}
	return out.String()
}

// fenceOf returns the fence a line opens or closes (``` or ~~~, at least three), or "".
func fenceOf(line string) string {
	for _, c := range []string{"```", "~~~"} {
		if strings.HasPrefix(line, c) {
			n := len(line) - len(strings.TrimLeft(line, c[:1]))
			return strings.Repeat(c[:1], n)
		}
	}
	return ""
}

// closingNames lists the names that have a closing shortcode somewhere in src: only those
// open an element; any other shortcode stands alone.
func closingNames(src string) map[string]bool {
	names := map[string]bool{}
	scan := newShortcodeScanner(src)
	for at := 0; ; {
		sc, ok := scan.next(at)
		if !ok {
			return names
		}
		if sc.close && !sc.comment {
			names[sc.name] = true
		}
		at = sc.end
	}
}

// expandText rewrites the shortcodes of a stretch of markdown outside code blocks.
func expandText(text string, include Includer, depth int, closing map[string]bool, stack *[]shortcodeFrame) string {
	scan := newShortcodeScanner(text)
	first, ok := scan.next(0)
	if !ok {
		return text
	}
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	done := 0
	for sc, ok := first, true; ok; sc, ok = scan.next(done) {
		b.WriteString(text[done:sc.start])
		done = sc.end
		m := shortcodeMatch{
			comment: sc.comment, close: sc.close, name: sc.name, args: sc.args,
			block: lineAlone(text, sc.start, sc.end),
			inTag: insideTag(b.String()),
			inURL: strings.HasSuffix(strings.TrimRight(tail(b.String()), " "), "]("),
		}
		b.WriteString(m.expand(text[sc.start:sc.end], include, depth, closing, stack))
	}
	b.WriteString(text[done:])
	return b.String()
}

// tail is the end of the markdown written so far that the checks around a shortcode read.
func tail(s string) string { return s[max(0, len(s)-lookAround):] }

// shortcodeMatch is one shortcode found, with where it sits.
type shortcodeMatch struct {
	comment, close, block, inTag, inURL bool
	name, args                          string
}

// expand returns what replaces the shortcode raw.
func (sc shortcodeMatch) expand(raw string, include Includer, depth int, closing map[string]bool, stack *[]shortcodeFrame) string {
	switch {
	case sc.comment:
		shown := strings.NewReplacer("{{</*", "{{<", "*/>}}", ">}}", "{{%/*", "{{%", "*/%}}", "%}}").Replace(raw)
		return "<code>" + html.EscapeString(shown) + "</code>"
	case sc.inTag:
		// Inside a raw HTML tag (<a {{% _param btn %}} href=…>) no markup can stand: the
		// parameter has no value outside Hugo's site configuration.
		return ""
	case sc.close:
		for i := len(*stack) - 1; i >= 0; i-- {
			if (*stack)[i].name == sc.name {
				var b strings.Builder
				for j := len(*stack) - 1; j >= i; j-- {
					b.WriteString(closeTag((*stack)[j].elem))
				}
				*stack = (*stack)[:i]
				return b.String()
			}
		}
		return ""
	case sc.name == "ref" || sc.name == "relref":
		target := strings.ReplaceAll(firstArg(sc.args), " ", "%20")
		if sc.inURL {
			return target
		}
		return "[" + strings.NewReplacer("[", `\[`, "]", `\]`).Replace(firstArg(sc.args)) + "](" + target + ")"
	case (sc.name == "include" || sc.name == "readfile") && include != nil && depth < maxIncludeDepth:
		if body, ok := include(firstArg(sc.args)); ok {
			return "\n\n" + expandShortcodes(body, include, depth+1) + "\n\n"
		}
	}
	elem := "span"
	if sc.block {
		elem = "div"
	}
	open := "<" + elem + ` class="shortcode" data-shortcode="` + html.EscapeString(sc.name) + `" data-args="` + html.EscapeString(sc.args) + `">`
	if !closing[sc.name] {
		if sc.block {
			return open + "</div>\n"
		}
		return open + "</span>"
	}
	*stack = append(*stack, shortcodeFrame{name: sc.name, elem: elem})
	if sc.block {
		return open + "\n\n"
	}
	return open
}

func closeTag(elem string) string {
	if elem == "div" {
		return "\n\n</div>\n"
	}
	return "</span>"
}

// firstArg is a shortcode's first argument, unquoted: the positional one, or the value of the
// first named one.
func firstArg(args string) string {
	args = strings.TrimSpace(args)
	if _, v, ok := strings.Cut(args, "="); ok && !strings.HasPrefix(args, `"`) {
		args = strings.TrimSpace(v)
	}
	if len(args) > 0 && (args[0] == '"' || args[0] == '`') {
		if end := strings.IndexByte(args[1:], args[0]); end >= 0 {
			return args[1 : end+1]
		}
	}
	if i := strings.IndexAny(args, " \t\n"); i >= 0 {
		return args[:i]
	}
	return args
}

// lookAround bounds how far lineAlone and insideTag look from a shortcode, so that a body of
// many shortcodes on one long line still costs time in proportion to its length.
const lookAround = 512

// lineAlone reports whether text[start:end] is the only thing on its line(s).
func lineAlone(text string, start, end int) bool {
	before := text[max(0, start-lookAround):start]
	nl := strings.LastIndexByte(before, '\n')
	if nl < 0 && start > lookAround {
		return false
	}
	after := text[end:min(len(text), end+lookAround)]
	lineEnd := strings.IndexByte(after, '\n')
	if lineEnd < 0 {
		if end+lookAround < len(text) {
			return false
		}
		lineEnd = len(after)
	}
	return strings.TrimSpace(before[nl+1:]) == "" && strings.TrimSpace(after[:lineEnd]) == ""
}

// insideTag reports whether the markdown written so far ends inside an unclosed HTML start tag.
func insideTag(before string) bool {
	before = before[max(0, len(before)-lookAround):]
	lt := strings.LastIndexByte(before, '<')
	if lt < 0 || lt+1 >= len(before) || strings.LastIndexByte(before, '>') > lt {
		return false
	}
	c := before[lt+1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// allowShortcodeMarkup lets the sanitizer policy p keep the inert markup shortcodes render to;
// shortcodeClass, shortcodeName and shortcodeArgs bound what it keeps.
func allowShortcodeMarkup(p *bluemonday.Policy) {
	shortcodeClass := regexp.MustCompile(`^shortcode$`)
	shortcodeName := regexp.MustCompile(`^[\w./-]{1,100}$`)
	shortcodeArgs := regexp.MustCompile(`^[^\x00]*$`)
	p.AllowAttrs("class").Matching(shortcodeClass).OnElements("div", "span")
	p.AllowAttrs("data-shortcode").Matching(shortcodeName).OnElements("div", "span")
	p.AllowAttrs("data-args").Matching(shortcodeArgs).OnElements("div", "span")
}

// RenderWithIncludes is Render with include shortcodes replaced by the body include returns
// for the path they name.
// Included bodies count against one budget per render (maxIncludedBytes), so a page that
// names a long page thousands of times cannot multiply its own size: past the budget an include
// renders inert, like one whose page does not exist.
func RenderWithIncludes(src string, include Includer) (Result, error) {
	return Render(expandShortcodes(src, budgetedIncluder(include, maxIncludedBytes), 0))
}

// maxIncludedBytes is the most included markdown one render takes in: the default body limit,
// so a page with includes costs at most about twice a page at the limit.
const maxIncludedBytes = DefaultMaxBody

// budgetedIncluder wraps include so that the bodies it returns add up to at most budget bytes.
func budgetedIncluder(include Includer, budget int) Includer {
	if include == nil {
		return nil
	}
	return func(path string) (string, bool) {
		body, ok := include(path)
		if !ok || len(body) > budget {
			return "", false
		}
		budget -= len(body)
		return body, true
	}
}
