package frontmatter

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf8"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// Parse splits a markdown file into front matter and body.
//
// The file must be UTF-8; a leading byte order mark is dropped. Front matter
// is YAML between a line "---" and the next line "---" and must be a mapping
// of keys to values. Blank lines before the opening "---" are allowed because
// Hugo allows them and real trees have them. A file whose first non-blank
// line is not "---" has no front matter and is all Body; TOML front matter
// ("+++") is refused rather than imported as text. Errors are sentences
// naming the line, written for the person who has to fix the file.
func Parse(data []byte) (Document, error) {
	doc, _, err := parse(data, false)
	return doc, err
}

// parse is Parse; with lenient set, a repeated key keeps its last value and is reported in
// warnings instead of refusing the file.
func parse(data []byte, lenient bool) (Document, []string, error) {
	if err := checkUTF8(data); err != nil {
		return Document{}, nil, err
	}
	full := data
	data = bytes.TrimPrefix(data, bom)
	fm, found, err := split(data)
	if err != nil {
		return Document{}, nil, err
	}
	if !found {
		return Document{Body: string(data), head: string(full[:len(full)-len(data)])}, nil, nil
	}
	fields, warnings, err := parseFields(fm.yaml, fm.yamlLine, lenient)
	if err != nil {
		return Document{}, nil, err
	}
	return Document{Body: string(fm.body), fields: fields, head: string(full[:len(full)-len(fm.body)])}, warnings, nil
}

// checkUTF8 points at the first byte that is not UTF-8, because "invalid
// encoding" alone leaves a person searching the whole file.
func checkUTF8(data []byte) error {
	if utf8.Valid(data) {
		return nil
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return fmt.Errorf("file is not UTF-8 text: byte 0x%02X at line %d, column %d is not valid UTF-8; save the file with UTF-8 encoding", data[i], line, col)
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	return errors.New("file is not UTF-8 text; save it with UTF-8 encoding")
}

// frontMatter is the raw front matter of a file and what follows it.
type frontMatter struct {
	yaml     []byte
	yamlLine int // line of the file on which the YAML text starts
	body     []byte
}

// split finds the front matter delimiters. found is false when the first
// non-blank line is not "---".
func split(data []byte) (fm frontMatter, found bool, err error) {
	rest, line := data, 1
	for {
		text, next, ok := cutLine(rest)
		if !ok || len(bytes.TrimSpace(text)) > 0 {
			break
		}
		rest, line = next, line+1
	}
	first, rest, _ := cutLine(rest)
	switch {
	case isDelimiter(first, "+++"):
		return fm, false, fmt.Errorf("front matter at line %d is TOML (+++), which is not supported; rewrite it as YAML between --- lines", line)
	case !isDelimiter(first, "---"):
		return fm, false, nil
	}
	open := line
	start := len(data) - len(rest)
	for len(rest) > 0 {
		line++
		text, next, _ := cutLine(rest)
		if isDelimiter(text, "---") {
			end := len(data) - len(rest)
			return frontMatter{yaml: data[start:end], yamlLine: open + 1, body: next}, true, nil
		}
		rest = next
	}
	return fm, false, fmt.Errorf("front matter opened by --- at line %d is never closed; add a line --- after the last key", open)
}

// cutLine returns the first line of data without its "\n", and what follows.
// ok is false when data has no "\n", so the line is the last one.
func cutLine(data []byte) (line, rest []byte, ok bool) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i], data[i+1:], true
	}
	return data, nil, false
}

// isDelimiter accepts trailing blanks and "\r" after the marker, which
// editors add without the author seeing them.
func isDelimiter(line []byte, marker string) bool {
	return string(bytes.TrimRight(line, " \t\r")) == marker
}
