// Package textmerge merges concurrent edits of a page three-way and renders
// readable diffs of page text.
//
// Text is handled as a sequence of lines, each line keeping its own
// terminator: "a\nb" is the lines "a\n" and "b". That is what keeps the
// presence or absence of a final newline exact through a merge or a diff.
// Lines ending in "\r\n" are lines like any other and the "\r" is part of
// their content: nothing is normalized, because a silent conversion would
// change bytes nobody asked to change. The cost is that a side which rewrites
// every line ending has changed every line, and conflicts with any edit made
// on the other side.
//
// The line diffs come from github.com/sergi/go-diff/diffmatchpatch in its
// line mode; this package only interprets them.
package textmerge
