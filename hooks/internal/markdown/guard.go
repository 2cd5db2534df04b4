package markdown

import (
	"bytes"
	"reflect"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Guards inside goldmark hold its work linear where tame cannot see what goldmark sees. tame
// reads lines and infers blocks from them — code fences, tables, paragraphs — and where its
// inference and goldmark's parse part (a fence inside an HTML block or a list item that ends
// before the fence closes, a table ended by a rule), it would leave goldmark a hostile shape it
// believed was code, or count a paragraph's brackets row by row. The guards run in goldmark's
// own parsers, on the blocks goldmark built, with the same bounds, so they hold whatever tame
// believed; on a document tame reads as goldmark does they never act, since tame has already
// escaped everything past the bounds.
const (
	// maxNesting is how deeply block quotes and lists may nest in one another: twice the
	// containers one line may open, so tame's bound decides for any document it reads right.
	maxNesting = 2 * maxContainerDepth
	// minPaddedCells is the empty cells goldmark may add to short table rows in any document;
	// past it a document may add one per two bytes of its own (paddedCellBudget).
	minPaddedCells = 4096
)

// newParser is goldmark's default parser with block quotes and lists that stop nesting at
// maxNesting and the inline guard ahead of the link and emphasis parsers.
func newParser() parser.Parser {
	blocks := parser.DefaultBlockParsers()
	for i, v := range blocks {
		if t := reflect.TypeOf(v.Value); t == reflect.TypeOf(parser.NewBlockquoteParser()) || t == reflect.TypeOf(parser.NewListParser()) {
			blocks[i].Value = nestingGuard{v.Value.(parser.BlockParser)}
		}
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		// After the task list's check box (0) and footnote references (101), which take their
		// brackets whole, and before links (200) and emphasis (500).
		parser.WithInlineParsers(append(parser.DefaultInlineParsers(), util.Prioritized(inlineGuard{}, 150))...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// nestingGuard is a container parser (block quote or list) that opens nothing maxNesting
// containers deep: the marker is then text of the innermost block. goldmark walks every open
// container on every line, so unbounded nesting costs the square of its depth.
type nestingGuard struct{ parser.BlockParser }

func (g nestingGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil && depth < maxNesting; n = n.Parent() {
		switch n.(type) {
		case *ast.Blockquote, *ast.List:
			depth++
		}
	}
	if depth >= maxNesting {
		return nil, parser.NoChildren
	}
	return g.BlockParser.Open(parent, reader, pc)
}

// inlineBudget counts what the inline parsers of one block have opened.
type inlineBudget struct {
	block ast.Node
	// line is the block's line being read, lineOpeners the "[" on it.
	line, lineOpeners int
	// openers are the block's "[", open those not closed yet, delimiters its runs of "*", "_"
	// and "~".
	openers, open, delimiters int
}

var inlineBudgetKey = parser.NewContextKey()

// inlineGuard runs ahead of goldmark's link, image and emphasis parsers and turns a "[", "!["
// or delimiter run past the bounds into plain text, as a backslash before it would: more than
// maxLinkOpenersPerLine "[" on a line of a block, maxOpenBrackets open at once or
// maxParagraphOpeners in a block, or maxParagraphDelimiters runs of "*", "_" and "~" in a
// block. Below them it leaves the character to the parsers after it. Every "[" it passes on
// opens a link label, and every "]" it sees closes the last one open, if any: that is how
// goldmark's link parser reads them.
type inlineGuard struct{}

func (inlineGuard) Trigger() []byte { return []byte{'[', ']', '!', '*', '_', '~'} }

func (inlineGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	b, _ := pc.Get(inlineBudgetKey).(*inlineBudget)
	if b == nil || b.block != parent {
		b = &inlineBudget{block: parent, line: -1}
		pc.Set(inlineBudgetKey, b)
	}
	line, segment := block.PeekLine()
	if n, _ := block.Position(); n != b.line {
		b.line, b.lineOpeners = n, 0
	}
	width := 1
	switch c := line[0]; c {
	case ']':
		b.open = max(0, b.open-1)
		return nil
	case '!':
		if len(line) < 2 || line[1] != '[' {
			return nil
		}
		width = 2
		fallthrough
	case '[':
		b.lineOpeners++
		b.openers++
		if b.lineOpeners <= maxLinkOpenersPerLine && b.open < maxOpenBrackets && b.openers <= maxParagraphOpeners {
			b.open++
			return nil
		}
	default:
		for width < len(line) && line[width] == c {
			width++
		}
		b.delimiters++
		if b.delimiters <= maxParagraphDelimiters {
			return nil
		}
	}
	block.Advance(width)
	return ast.NewTextSegment(segment.WithStop(segment.Start + width))
}

// guardedTable is goldmark's GFM table extension with a budget on the empty cells it adds.
type guardedTable struct{ options []extension.TableOption }

func (e guardedTable) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableBudget{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewTableHTMLRenderer(e.options...), 500)))
}

// paddedCells is what is left of a document's budget of empty cells.
type paddedCells struct{ left int }

var paddedCellsKey = parser.NewContextKey()

// paddedCellBudget is how many empty cells goldmark may add to the short rows of a document's
// tables: one per two bytes (a table could write out one per byte itself, "|" after "|"), plus
// minPaddedCells. goldmark gives every row as many cells as the header has, so a wide header
// over many one-character rows would otherwise cost cells in the product of the two, a
// gigabyte of nodes from a few hundred kilobytes.
func paddedCellBudget(source []byte) int { return len(source)/2 + minPaddedCells }

// tableBudget makes a table of a paragraph as goldmark does, but ends the table at the row
// that would overdraw the document's budget of empty cells: that row and those after it stay a
// paragraph of text after the table.
type tableBudget struct{ parser.ParagraphTransformer }

func (t tableBudget) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines, source := node.Lines(), reader.Source()
	budget, _ := pc.Get(paddedCellsKey).(*paddedCells)
	if budget == nil {
		budget = &paddedCells{left: paddedCellBudget(source)}
		pc.Set(paddedCellsKey, budget)
	}
	// cols is the most columns any delimiter row so far announced: never fewer than the table
	// goldmark makes has, so the cells counted are never fewer than it adds.
	cols := 0
	for i := 1; i < lines.Len(); i++ {
		seg := lines.At(i)
		line := bytes.TrimSpace(seg.Value(source))
		if cols > 0 {
			budget.left -= max(0, cols-cells(string(line)))
			if budget.left < 0 {
				restLines := text.NewSegments()
				for j := i; j < lines.Len(); j++ {
					restLines.Append(lines.At(j))
				}
				rest := ast.NewParagraph()
				rest.SetLines(restLines)
				lines.SetSliced(0, i)
				node.Parent().InsertAfter(node.Parent(), node, rest)
				break
			}
		}
		if bytes.IndexByte(line, '|') >= 0 && isDelimiterRow(string(line)) {
			cols = max(cols, cells(string(line)))
		}
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}
