package markdown

import (
	"bytes"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
)

// Tame exposes the pre-pass to the external tests.
var Tame = tame

// Bounds of the pre-pass and the guards, for the external tests.
const (
	MaxContainerDepth      = maxContainerDepth
	MaxRefDefRun           = maxRefDefRun
	MaxNesting             = maxNesting
	MaxLinkOpenersPerLine  = maxLinkOpenersPerLine
	MaxOpenBrackets        = maxOpenBrackets
	MaxParagraphOpeners    = maxParagraphOpeners
	MaxParagraphDelimiters = maxParagraphDelimiters
)

// PaddedCellBudget is the empty cells goldmark may add to the tables of src.
func PaddedCellBudget(src string) int { return paddedCellBudget([]byte(src)) }

var plainEngine = sync.OnceValue(func() goldmark.Markdown { return newEngine(false) })

// GoldmarkHTML is goldmark's HTML of src, with no pre-pass and no sanitizer: from Folio's
// engine with its guards, or without them from goldmark as published.
func GoldmarkHTML(src string, guarded bool) string {
	e := engine
	if !guarded {
		e = plainEngine()
	}
	var b bytes.Buffer
	if err := e.Convert([]byte(src), &b, parser.WithContext(newContext())); err != nil {
		panic(err)
	}
	return b.String()
}
