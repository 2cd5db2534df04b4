package markdown

import (
	"cmp"
	"slices"
	"strings"
)

// Bounds of the structure Render hands to goldmark. Goldmark's work grows faster than its input
// for a few shapes: containers nested on one line ("> > > …", "1. 1. 1. …"), link destinations
// that never close ("[a](" repeated: each one scans to the end of the line), brackets nested
// without end, and long runs of link reference definitions. No page a person writes comes near
// these bounds, so for every ordinary document tame returns its input unchanged; past them, the
// extra markers are escaped with a backslash and show as the characters they are.
const (
	// maxContainerDepth is how many block quotes and list items one line may open.
	maxContainerDepth = 16
	// maxItemIndent is the deepest indentation (in spaces) at which a line may open a list item
	// or block quote: nesting by indentation stops about 32 levels down.
	maxItemIndent = 64
	// maxLinkOpenersPerLine is how many "[" one line may hold as link openers: each link
	// destination goldmark reads may scan to the end of its line.
	maxLinkOpenersPerLine = 128
	// maxOpenBrackets is how many "[" may be open (not yet closed) at once in a paragraph.
	maxOpenBrackets = 32
	// maxParagraphOpeners is how many "[" one paragraph may hold: goldmark reads the text of
	// every bracket pair that is not a link across all the lines of its paragraph.
	maxParagraphOpeners = 1024
	// maxParagraphDelimiters is how many runs of "*", "_" and "~" one paragraph may hold:
	// goldmark looks for each closer's opener back through every delimiter before it.
	maxParagraphDelimiters = 1024
	// maxRefDefRun is how many link reference definitions may follow each other without a blank
	// line; goldmark removes each from its paragraph by copying the rest.
	maxRefDefRun = 32
)

// edit inserts text before byte pos of the source.
type edit struct {
	pos  int
	text string
}

// tame returns src with pathological structure escaped, so that goldmark's work is linear in the
// length of src; src itself when there is nothing to escape.
func tame(src string) string {
	var t tamer
	t.scan(src)
	if len(t.edits) == 0 {
		return src
	}
	slices.SortStableFunc(t.edits, func(a, b edit) int { return cmp.Compare(a.pos, b.pos) })
	var b strings.Builder
	b.Grow(len(src) + len(t.edits)*2)
	last := 0
	for _, e := range t.edits {
		b.WriteString(src[last:e.pos])
		b.WriteString(e.text)
		last = e.pos
	}
	b.WriteString(src[last:])
	return b.String()
}

type tamer struct {
	edits []edit
	// fence is the opening fence of the code block the scan is in ("" outside one). fenceAtTop
	// is set for a fence goldmark surely reads as one, whose lines tame leaves alone (see line).
	fence      string
	fenceAtTop bool
	// html is set inside what may be an HTML block, which a blank line ends, or the text
	// htmlEnd when it is set ("-->", "</pre"…).
	html    bool
	htmlEnd string
	// absentTicks[n] is set once a run of n backticks was found to have no closing run after
	// it on the line.
	absentTicks map[int]bool
	// openBrackets counts the "[" opened and not closed in the current paragraph.
	openBrackets int
	// refDefs counts the link reference definitions in a row.
	refDefs int
	// openers and delimiters count the "[" and the emphasis delimiter runs of the paragraph.
	openers, delimiters int
	// inList is set while a list is open, so that an ordered item marker starts an item.
	inList bool
	// inTable is set on the rows of a table, whose cells goldmark parses one by one.
	inTable bool
	// prev is the previous line's content, for telling a table's header row.
	prev string
	// open is set while a paragraph goes on (up to the next blank line).
	open bool
}

// paragraph starts counting a new inline block.
func (t *tamer) paragraph() {
	t.openBrackets, t.openers, t.delimiters = 0, 0, 0
}

func (t *tamer) scan(src string) {
	for start := 0; start < len(src); {
		end := strings.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		t.line(src, start, end)
		start = end + 1
	}
}

// line looks at the line src[start:end] (without its newline).
func (t *tamer) line(src string, start, end int) {
	line := src[start:end]
	if t.fence != "" && t.fenceAtTop {
		// A code block outside any container is left as it is, markers and all.
		if closesFence(line, t.fence) {
			t.fence = ""
		}
		return
	}
	content, item := t.containers(line, start)
	body := line[content:]
	prev := t.prev
	t.prev, t.open = body, !isBlank(body)
	t.htmlBlock(line, body, content)
	if isBlank(body) {
		t.paragraph()
		t.refDefs = 0
		t.inTable = false
		if content == 0 {
			// A list stays open over a blank line until an unindented line that is no item.
			t.inList = t.inList && strings.HasPrefix(line, " ")
		}
		return
	}
	if t.fence != "" {
		// A fence inside a container may end with it, before its closing fence, and goldmark
		// then reads on as markdown: runs of definitions are still kept short.
		if closesFence(body, t.fence) {
			t.fence = ""
		}
		t.refDefRun(body, start, content)
		return
	}
	if f := opensFence(body); f != "" {
		// Only a fence at the start of a line outside any container or HTML block is surely a
		// code block to the end of its closing fence: one indented may sit in a list item, which
		// ends at the first line indented less, and one in an HTML block is text.
		t.fence, t.fenceAtTop = f, content == 0 && body[0] == f[0] && !t.html
		t.paragraph()
		t.refDefs = 0
		return
	}
	switch {
	case item:
		t.paragraph()
	case strings.HasPrefix(strings.TrimLeft(body, " "), "#"):
		t.paragraph() // an ATX heading is a block of its own
	case t.inTable:
		t.paragraph() // each row's cells are parsed apart
	case isDelimiterRow(body) && cells(body) == cells(prev):
		t.inTable = true
		t.paragraph()
	}
	t.refDefRun(body, start, content)
	t.brackets(body, start+content)
}

// refDefRun counts the link reference definitions in a row and puts a blank line before every
// maxRefDefRun-th.
func (t *tamer) refDefRun(body string, start, content int) {
	if content == 0 && isRefDef(body) {
		t.refDefs++
		if t.refDefs > maxRefDefRun {
			// A blank line ends the paragraph goldmark collects definitions from; between
			// definitions it changes nothing in the output.
			t.edits = append(t.edits, edit{start, "\n"})
			t.refDefs = 1
		}
	} else {
		t.refDefs = 0
	}
}

// htmlBlock follows what may be an HTML block: a line outside containers that starts with a
// tag, a comment, a declaration or a processing instruction, up to the blank line or closing
// text that ends it. It sees more blocks than goldmark does (a tag that starts a paragraph
// line is inline HTML there), which only makes a fence after one count as not surely code.
func (t *tamer) htmlBlock(line, body string, content int) {
	if t.html {
		if t.htmlEnd == "" {
			t.html = !isBlank(body)
		} else {
			t.html = !strings.Contains(strings.ToLower(line), t.htmlEnd)
		}
		return
	}
	if content == 0 && t.fence == "" {
		if end, ok := htmlStart(body); ok {
			t.html, t.htmlEnd = true, end
			if end != "" && strings.Contains(strings.ToLower(body[strings.IndexByte(body, '<')+1:]), end) {
				t.html = false
			}
		}
	}
}

// containers walks the block quote and list item markers the line opens and escapes those past
// maxContainerDepth. It returns where the line's content starts and whether the line starts a
// list item (and so a new paragraph).
func (t *tamer) containers(line string, offset int) (content int, item bool) {
	i, depth := 0, 0
	if indent := len(line) - len(strings.TrimLeft(line, " \t")); indent > maxItemIndent {
		// Nested by indentation this deep, a marker is text (inside an indented code block that
		// deep it then shows with its backslash).
		i, depth = indent, maxContainerDepth
	}
	for {
		j := i
		for n := 0; j < len(line) && line[j] == ' ' && n < 3; n++ {
			j++
		}
		if j >= len(line) {
			return i, item
		}
		markerEnd := 0 // end of the marker, or 0 when none starts at j
		escapeAt := j  // where a backslash neutralizes it
		switch c := line[j]; {
		case c == '>':
			markerEnd = j + 1
		case c == '-' || c == '+' || c == '*':
			if followedBySpace(line, j+1) && !isThematicBreak(line[j:]) {
				markerEnd = j + 1
				item, t.inList = true, true
			}
		case c >= '0' && c <= '9':
			k := j
			for k < len(line) && k-j < 9 && line[k] >= '0' && line[k] <= '9' {
				k++
			}
			if k < len(line) && (line[k] == '.' || line[k] == ')') && followedBySpace(line, k+1) {
				markerEnd, escapeAt = k+1, k
				// Only "1." may start a list inside a paragraph; other numbers continue it.
				if t.inList || line[j:k] == "1" || !t.open {
					item, t.inList = true, true
				}
			}
		}
		if markerEnd == 0 {
			return i, item
		}
		if depth == maxContainerDepth {
			t.edits = append(t.edits, edit{offset + escapeAt, `\`})
			return i, item
		}
		depth++
		i = markerEnd
		if i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
	}
}

// brackets escapes the "[" of a paragraph's line past the bounds: more than
// maxLinkOpenersPerLine on the line, or more than maxOpenBrackets open at once.
func (t *tamer) brackets(body string, offset int) {
	openers := 0
	t.absentTicks = nil
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++ // an escaped character is text
		case '`':
			// A code span on the line is left alone: what is inside shows verbatim.
			n := 1
			for i+n < len(body) && body[i+n] == '`' {
				n++
			}
			closing := -1
			if !t.absentTicks[n] {
				if closing = strings.Index(body[i+n:], body[i:i+n]); closing < 0 {
					if t.absentTicks == nil {
						t.absentTicks = map[int]bool{}
					}
					t.absentTicks[n] = true
				}
			}
			if closing >= 0 {
				i += n + closing + n - 1
			} else {
				i += n - 1
			}
		case '[':
			openers++
			t.openers++
			if openers > maxLinkOpenersPerLine || t.openBrackets >= maxOpenBrackets || t.openers > maxParagraphOpeners {
				t.edits = append(t.edits, edit{offset + i, `\`})
				continue
			}
			t.openBrackets++
		case '*', '_', '~':
			n := 1
			for i+n < len(body) && body[i+n] == body[i] {
				n++
			}
			t.delimiters++
			if t.delimiters > maxParagraphDelimiters {
				for k := range n {
					t.edits = append(t.edits, edit{offset + i + k, `\`})
				}
			}
			i += n - 1
		case ']':
			if t.openBrackets > 0 {
				t.openBrackets--
			}
		}
	}
}

func followedBySpace(line string, i int) bool {
	return i >= len(line) || line[i] == ' ' || line[i] == '\t'
}

func isBlank(s string) bool {
	return strings.TrimLeft(s, " \t\r") == ""
}

// isThematicBreak reports whether s is a line of three or more "-", "*" or "_" (one kind) with
// spaces between: a horizontal rule, not a list.
func isThematicBreak(s string) bool {
	var mark byte
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\r':
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// opensFence returns the fence (``` or ~~~, three or more) a line opens, or "".
func opensFence(body string) string {
	s := strings.TrimLeft(body, " ")
	if len(body)-len(s) > 3 || len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return ""
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 || (s[0] == '`' && strings.IndexByte(s[n:], '`') >= 0) {
		return ""
	}
	return s[:n]
}

// closesFence reports whether a line closes the code block that fence opened.
func closesFence(body, fence string) bool {
	s := strings.TrimLeft(body, " ")
	if len(body)-len(s) > 3 || !strings.HasPrefix(s, fence) {
		return false
	}
	s = strings.TrimLeft(s, fence[:1])
	return isBlank(s)
}

// isRefDef reports whether a line is plainly a link reference definition: "[label]: target"
// with an optional title, all on the line.
func isRefDef(body string) bool {
	s := strings.TrimLeft(body, " ")
	if len(body)-len(s) > 3 || len(s) < 4 || s[0] != '[' || s[1] == '^' {
		return false
	}
	closing := strings.IndexAny(s[1:], "[]")
	if closing <= 0 || s[1+closing] != ']' || 2+closing >= len(s) || s[2+closing] != ':' {
		return false
	}
	rest := strings.TrimSpace(s[3+closing:])
	return rest != ""
}

// htmlStart reports whether a line may start an HTML block and returns the text that ends
// the block, or "" for a block a blank line ends.
func htmlStart(body string) (end string, ok bool) {
	s := strings.TrimLeft(body, " ")
	if len(body)-len(s) > 3 || len(s) < 2 || s[0] != '<' {
		return "", false
	}
	lower := strings.ToLower(s[1:min(len(s), 12)])
	for _, tag := range []string{"script", "pre", "style", "textarea"} {
		if strings.HasPrefix(lower, tag) {
			return "</" + tag, true
		}
	}
	switch c := s[1]; {
	case strings.HasPrefix(s, "<!--"):
		return "-->", true
	case strings.HasPrefix(s, "<![CDATA["):
		return "]]>", true
	case c == '?':
		return "?>", true
	case c == '!':
		return ">", true
	case c == '/' || ('a' <= c|0x20 && c|0x20 <= 'z'):
		return "", true
	}
	return "", false
}

// isDelimiterRow reports whether a line is a table's delimiter row, such as "|:--|--:|".
func isDelimiterRow(s string) bool {
	dash := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\r':
		default:
			return false
		}
	}
	return dash && strings.Contains(s, "|")
}

// cells counts the cells of a table row.
func cells(s string) int {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	return strings.Count(s, "|") - strings.Count(s, `\|`) + 1
}
