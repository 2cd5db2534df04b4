package markdown

import (
	"crypto/sha256"
	"sync"
)

// A page save renders the body (html, toc, links) and the search index then asks for its plain
// text. Render keeps the plain text of the tree it just parsed, keyed by the hash of the exact
// source it parsed, and PlainText answers from it when asked for a body that parses from the
// same source, so a save parses its markdown once. The memo is small and bounded: it only has
// to bridge a render and the index update of the same save.
const (
	plainMemoEntries = 32
	plainMemoBytes   = 4 << 20
)

type plainMemo struct {
	mu    sync.Mutex
	texts map[[sha256.Size]byte]string
	order [][sha256.Size]byte // oldest first
	bytes int
}

var plainTexts = plainMemo{texts: map[[sha256.Size]byte]string{}}

// get returns the plain text remembered for the parsed source with hash key.
func (m *plainMemo) get(key [sha256.Size]byte) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	text, ok := m.texts[key]
	return text, ok
}

// put remembers text for the parsed source with hash key, dropping the oldest entries past the
// bounds. A text larger than the whole memo is not kept.
func (m *plainMemo) put(key [sha256.Size]byte, text string) {
	if len(text) > plainMemoBytes {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.texts[key]; ok {
		return
	}
	m.texts[key] = text
	m.order = append(m.order, key)
	m.bytes += len(text)
	for len(m.order) > plainMemoEntries || m.bytes > plainMemoBytes {
		old := m.order[0]
		m.order = m.order[1:]
		m.bytes -= len(m.texts[old])
		delete(m.texts, old)
	}
}
