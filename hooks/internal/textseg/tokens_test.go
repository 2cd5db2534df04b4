package textseg_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"folio/hooks/internal/textseg"
)

func terms(toks []textseg.Token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

func TestTokensByScript(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"chinese bigrams and last char", "我在上海工作", []string{"我在", "在上", "上海", "海工", "工作", "作"}},
		{"chinese punctuation splits runs", "地铁，公园。", []string{"地铁", "铁", "公园", "园"}},
		{"single han char", "猫", []string{"猫"}},
		{"japanese kanji and kana", "東京都は", []string{"東京", "京都", "都は", "は"}},
		{"katakana with prolonged mark", "コーヒー", []string{"コー", "ーヒ", "ヒー", "ー"}},
		{"iteration mark", "時々", []string{"時々", "々"}},
		{"kana digraph expands", "ゟ", []string{"より", "り"}},
		{"half-width katakana folds", "ｺｰﾋｰ", []string{"コー", "ーヒ", "ヒー", "ー"}},
		{"half-width voiced mark joins", "ｶﾞｲﾄﾞ", []string{"ガイ", "イド", "ド"}},
		{"katakana middle dot separates", "ジャズ・バー", []string{"ジャ", "ャズ", "ズ", "バー", "ー"}},
		{"korean word with particle", "날씨가", []string{"날씨", "씨가", "날씨가"}},
		{"korean two syllables once", "서버", []string{"서버"}},
		{"korean one syllable", "물", []string{"물"}},
		{"korean sentence", "로그를 봤다", []string{"로그", "그를", "로그를", "봤다"}},
		{"decomposed hangul composes", "\u1112\u1161\u11AB\u1100\u116E\u11A8", []string{"한국"}},
		{"french accents", "Café Crème", []string{"cafe", "creme"}},
		{"german sharp s", "Straße GRÖSSE größe", []string{"strasse", "grosse", "grosse"}},
		{"russian", "Привет, Мир! Ёлка", []string{"привет", "мир", "елка"}},
		{"greek final sigma", "ΣΟΦΟΣ σοφός", []string{"σοφοσ", "σοφοσ"}},
		{"hindi stays whole", "हिन्दी भाषा", []string{"हिन्दी", "भाषा"}},
		{"bengali stays whole", "আমার বাংলা", []string{"আমার", "বাংলা"}},
		{"vietnamese stacked diacritics", "Tiếng Việt ở Đà Nẵng", []string{"tieng", "viet", "o", "da", "nang"}},
		{"decomposed accents", "Cafe\u0301", []string{"cafe"}},
		{"ligature spelled out", "cœur", []string{"coeur"}},
		{"full-width latin", "ＡＰＩキー", []string{"api", "キー", "ー"}},
		{"latin then hangul", "Kubernetes클러스터", []string{"kubernetes", "클러", "러스", "스터", "클러스터"}},
		{"digits stay in latin word", "k8s utf8 ipv6", []string{"k8s", "utf8", "ipv6"}},
		{"digits before han", "2024年3月", []string{"2024", "年", "3", "月"}},
		{"latin meets cyrillic", "abcабв", []string{"abc", "абв"}},
		{"emoji and symbols dropped", "ok 😀👍🏽 → ★ done!", []string{"ok", "done"}},
		{"apostrophe splits", "don't", []string{"don", "t"}},
		{"only punctuation", "¿?!… — «»", nil},
		{"empty", "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := terms(textseg.Tokens(c.text))
			if !slices.Equal(got, c.want) {
				t.Errorf("Tokens(%q) = %q, want %q", c.text, got, c.want)
			}
			checkOffsets(t, c.text)
		})
	}
}

// TestTokenOffsets pins spans on the original text, including ones whose folded form differs.
func TestTokenOffsets(t *testing.T) {
	text := "Hélène: 東京都は首都, 클러스터를 ｶﾞｲﾄﾞ Straße"
	want := map[string]string{
		"helene": "Hélène", "東京": "東京", "京都": "京都", "首都": "首都", "都": "都",
		"클러스터를": "클러스터를", "클러": "클러", "터를": "터를",
		"ガイ": "ｶﾞｲ", "イド": "ｲﾄﾞ", "ド": "ﾄﾞ", "strasse": "Straße",
	}
	seen := map[string]bool{}
	for _, tok := range textseg.Tokens(text) {
		if orig, ok := want[tok.Term]; ok {
			seen[tok.Term] = true
			if got := text[tok.Start:tok.End]; got != orig {
				t.Errorf("%q spans %q, want %q", tok.Term, got, orig)
			}
		}
	}
	for term := range want {
		if !seen[term] {
			t.Errorf("no token %q in %q", term, text)
		}
	}
	checkOffsets(t, text)
}

// checkOffsets asserts what FuzzTokens asserts: spans inside the text on rune boundaries, terms
// safe for the ascii tokenizer, and each span re-segmenting to its own term.
func checkOffsets(t *testing.T, text string) {
	t.Helper()
	toks := textseg.Tokens(text)
	boundary := map[int]bool{len(text): true} // as Go decodes, so invalid bytes count too
	for i := range text {
		boundary[i] = true
	}
	for _, tok := range toks {
		if tok.Start < 0 || tok.End > len(text) || tok.Start >= tok.End {
			t.Fatalf("%q: bad span [%d,%d) in %d bytes", tok.Term, tok.Start, tok.End, len(text))
		}
		span := text[tok.Start:tok.End]
		if !boundary[tok.Start] || !boundary[tok.End] || !utf8.ValidString(span) {
			t.Fatalf("%q: span [%d,%d) not on rune boundaries", tok.Term, tok.Start, tok.End)
		}
		if tok.Term == "" || strings.ContainsFunc(tok.Term, isASCIISeparator) {
			t.Fatalf("term %q is not safe for the ascii tokenizer", tok.Term)
		}
		if !slices.Contains(terms(textseg.Tokens(span)), tok.Term) {
			t.Fatalf("span %q of %q does not segment to its term %q", span, text, tok.Term)
		}
		// Folding must be idempotent, or a user typing a term exactly as indexed would miss it.
		if !slices.Contains(terms(textseg.Tokens(tok.Term)), tok.Term) {
			t.Fatalf("term %q of %q does not segment to itself", tok.Term, text)
		}
	}
	if got, want := textseg.IndexText(text), strings.Join(terms(toks), " "); got != want {
		t.Fatalf("IndexText = %q, want the terms joined: %q", got, want)
	}
}

func isASCIISeparator(r rune) bool {
	return r < 0x80 && !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9')
}

// TestEveryRune runs each code point through the invariants alone and between letters of each
// rule, which reaches far more of Unicode than random fuzzing does.
func TestEveryRune(t *testing.T) {
	if testing.Short() {
		t.Skip("sweeps all of Unicode")
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if 0xD800 <= r && r <= 0xDFFF || !unicode.In(r, assigned...) {
			continue
		}
		c := string(r)
		checkOffsets(t, c+"a"+c+"é"+c+"東"+c+"가"+c+"ｶ"+c)
	}
}

var assigned = []*unicode.RangeTable{unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z, unicode.Cc, unicode.Cf}

// TestLatinShortcutMatchesFullFolding compares words the precomputed Latin table folds with the
// same words forced through the full Unicode path by a trailing combining accent.
func TestLatinShortcutMatchesFullFolding(t *testing.T) {
	for _, block := range [][2]rune{{0x80, 0x24F}, {0x1E00, 0x1EFF}} {
		for r := block[0]; r <= block[1]; r++ {
			if !unicode.IsLetter(r) {
				continue
			}
			word := "X" + string(r) + string(r) + "e"
			if fast, full := textseg.IndexText(word), textseg.IndexText(word+"\u0301"); fast != full {
				t.Errorf("%q folds to %q by the table but %q in full", word, fast, full)
			}
		}
	}
}
