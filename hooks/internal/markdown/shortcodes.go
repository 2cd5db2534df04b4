package markdown

import (
	"html"
	"regexp"
	"strings"
)

// Hugo shortcodes ({{< name args >}}…{{< /name >}} and {{% … %}}) stay verbatim in a page's
// body, so an export gives them back as written. Rendering turns them into inert markup a client
// may style or hydrate — <div class="shortcode" data-shortcode="alert" data-args="…"> around the
// inner markdown, rendered, or a <span> when the shortcode sits inside a line — so a reader never
// sees "{{<". ref and relref become the link they stand for, and include puts the content of the
// page it names in its place when the caller of Render can look pages up.

// shortcodePattern matches one shortcode: the delimiter, an optional "/" (a closing one), the
// name and the arguments, across lines (Docsy's blocks/cover spreads its arguments over
// several). Hugo's comment form {{</* … */>}} is matched too, to show it as code.
var shortcodePattern = regexp.MustCompile(`(?s)\{\{([<%])(/\*)?\s*(/?)\s*([\w][\w./-]*)((?:[^>%}]|[>%][^}]|\}[^}])*?)\s*/?(\*/)?[>%]\}\}`)

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
	for _, m := range shortcodePattern.FindAllStringSubmatch(src, -1) {
		if m[3] == "/" && m[2] == "" {
			names[m[4]] = true
		}
	}
	return names
}

// expandText rewrites the shortcodes of a stretch of markdown outside code blocks.
func expandText(text string, include Includer, depth int, closing map[string]bool, stack *[]shortcodeFrame) string {
	matches := shortcodePattern.FindAllStringSubmatchIndex(text, -1)
	if len(matches) == 0 {
		return text
	}
	var b strings.Builder
	done := 0
	for _, m := range matches {
		before := text[done:m[0]]
		b.WriteString(before)
		done = m[1]
		sc := shortcodeMatch{
			comment: m[4] >= 0, close: text[m[6]:m[7]] == "/", name: text[m[8]:m[9]],
			args:  strings.TrimSpace(text[m[10]:m[11]]),
			block: lineAlone(text, m[0], m[1]),
			inTag: insideTag(b.String()),
			inURL: strings.HasSuffix(strings.TrimRight(b.String(), " "), "]("),
		}
		b.WriteString(sc.expand(text[m[0]:m[1]], include, depth, closing, stack))
	}
	b.WriteString(text[done:])
	return b.String()
}

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

// lineAlone reports whether text[start:end] is the only thing on its line(s).
func lineAlone(text string, start, end int) bool {
	lineStart := strings.LastIndexByte(text[:start], '\n') + 1
	lineEnd := strings.IndexByte(text[end:], '\n')
	if lineEnd < 0 {
		lineEnd = len(text) - end
	}
	return strings.TrimSpace(text[lineStart:start]) == "" && strings.TrimSpace(text[end:end+lineEnd]) == ""
}

// insideTag reports whether the markdown written so far ends inside an unclosed HTML start tag.
func insideTag(before string) bool {
	lt := strings.LastIndexByte(before, '<')
	if lt < 0 || lt+1 >= len(before) || strings.LastIndexByte(before, '>') > lt {
		return false
	}
	c := before[lt+1]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// shortcodeClass and shortcodeName bound what the sanitizer keeps of shortcode markup.
var (
	shortcodeClass = regexp.MustCompile(`^shortcode$`)
	shortcodeName  = regexp.MustCompile(`^[\w./-]{1,100}$`)
	shortcodeArgs  = regexp.MustCompile(`^[^\x00]*$`)
)

func init() {
	policy.AllowAttrs("class").Matching(shortcodeClass).OnElements("div", "span")
	policy.AllowAttrs("data-shortcode").Matching(shortcodeName).OnElements("div", "span")
	policy.AllowAttrs("data-args").Matching(shortcodeArgs).OnElements("div", "span")
}

// RenderWithIncludes is Render with include shortcodes replaced by the body include returns
// for the path they name.
func RenderWithIncludes(src string, include Includer) (Result, error) {
	return Render(expandShortcodes(src, include, 0))
}
