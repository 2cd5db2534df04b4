package navigation

import (
	"strconv"
	"unicode/utf8"
)

// appendTreeJSON appends the JSON of nodes (an array) to buf: the bytes encoding/json writes
// for them (tree_json_test.go compares the two), without reflection or a map per entry — a
// 10,000-page tree encodes several times faster.
func appendTreeJSON(buf []byte, nodes []*treeNode) []byte {
	buf = append(buf, '[')
	for i, n := range nodes {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendNodeJSON(buf, n)
	}
	return append(buf, ']')
}

// appendNodeJSON appends the JSON object of n and its children, keys in treeNode's field order.
func appendNodeJSON(buf []byte, n *treeNode) []byte {
	if n == nil {
		return append(buf, "null"...)
	}
	buf = append(buf, `{"name":`...)
	buf = appendJSONString(buf, n.Name)
	buf = append(buf, `,"path":`...)
	buf = appendJSONString(buf, n.Path)
	buf = append(buf, `,"id":`...)
	buf = appendJSONString(buf, n.Id)
	buf = append(buf, `,"locale":`...)
	buf = appendJSONString(buf, n.Locale)
	buf = append(buf, `,"title":`...)
	buf = appendJSONString(buf, n.Title)
	buf = append(buf, `,"link_title":`...)
	buf = appendJSONString(buf, n.LinkTitle)
	buf = append(buf, `,"weight":`...)
	buf = strconv.AppendInt(buf, int64(n.Weight), 10)
	buf = append(buf, `,"render":`...)
	buf = appendJSONString(buf, n.Render)
	buf = append(buf, `,"translation_state":`...)
	buf = appendJSONString(buf, n.State)
	buf = append(buf, `,"fallback":`...)
	buf = strconv.AppendBool(buf, n.Fallback)
	buf = append(buf, `,"section":`...)
	buf = strconv.AppendBool(buf, n.Section)
	buf = append(buf, `,"children":`...)
	buf = appendTreeJSON(buf, n.Children)
	return append(buf, '}')
}

// appendJSONString appends s as a JSON string the way PocketBase's responses write one
// (encoding/json/v2 with invalid UTF-8 allowed): quote and backslash escaped, control
// characters as \b, \t, \n, \f, \r or \u00XX, invalid UTF-8 as U+FFFD, nothing else escaped.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			buf = append(buf, s[start:i]...)
			buf = append(buf, "\ufffd"...)
			i++
			start = i
			continue
		}
		buf = append(buf, s[start:i]...)
		switch c {
		case '"', '\\':
			buf = append(buf, '\\', c)
		case '\b':
			buf = append(buf, '\\', 'b')
		case '\t':
			buf = append(buf, '\\', 't')
		case '\n':
			buf = append(buf, '\\', 'n')
		case '\f':
			buf = append(buf, '\\', 'f')
		case '\r':
			buf = append(buf, '\\', 'r')
		default:
			buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}
