package mdtree_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"folio/hooks/internal/mdtree"
)

// wikiPage is a page in the shape Wiki.js exports.
func wikiPage(title, tags, body string) string {
	return "---\ntitle: " + title + "\ndescription: \npublished: true\ndate: 2024-03-05T09:12:30.250Z\ntags: " + tags +
		"\neditor: markdown\ndateCreated: 2024-03-01T18:00:00.000Z\n---\n\n" + body + "\n"
}

// hugoPage is a page in the shape of a Hugo glossary term.
func hugoPage(title, tags string) string {
	return "---\ntitle: " + title + "\nstatus: Completed\ncategory: concept\ntags: " + tags + "\n---\n\n## " + title + "\n"
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// wikiTree is a Wiki.js export with translations and three bad files.
func wikiTree() fstest.MapFS {
	return fstest.MapFS{
		"home.md": file(wikiPage("Home", "", "Welcome.")),
		"Knowledge-base/Dictionary/message-queue.md":       file(wikiPage("Message Queue", "backend, messaging", "Queues hand work over.")),
		"ko/Knowledge-base/Dictionary/message-queue.md":    file(wikiPage("메시지 큐", "백엔드", "큐는 일을 넘깁니다.")),
		"ja/Knowledge-base/Dictionary/message-queue.md":    file(wikiPage("メッセージキュー", "バックエンド", "キューは仕事を渡します。")),
		"zh/Knowledge-base/Dictionary/message-queue.md":    file(wikiPage("消息队列", "后端", "队列传递工作。")),
		"zh-cn/Knowledge-base/Dictionary/message-queue.md": file(wikiPage("消息队列", "后端", "队列传递工作。")),
		"pt-BR/Knowledge-base/Dictionary/message-queue.md": file(wikiPage("Fila de mensagens", "", "Filas passam trabalho.")),
		"go/generics.md":               file(wikiPage("Generics in Go", "go", "A folder named go is not a locale.")),
		"ko.md":                        file("# Korean\n\nA top-level page named like a locale stays a page.\n"),
		"assets/diagram.png":           file("\x89PNG"),
		".git/HEAD.md":                 file("not a page"),
		"Knowledge-base/broken.md":     file("---\ntitle: Broken\ntags: [a, b\n---\nbody\n"),
		"ja/latin1.md":                 file("---\ntitle: caf\xe9\n---\n"),
		"Knowledge-base/what?.md":      file(wikiPage("Question", "", "?")),
		`Knowledge-base/back\slash.md`: file(wikiPage("Backslash", "", "\\")),
	}
}

// hugoTree is a Hugo content tree with sections, a template, a leaf bundle
// and a duplicate.
func hugoTree() fstest.MapFS {
	return fstest.MapFS{
		"config.toml":                            file("title = 'Glossary'\n"),
		"content/en/_index.md":                   file("---\ntitle: Glossary\nstatus: Completed\n---\n\nTerms.\n"),
		"content/en/_TEMPLATE.md":                file("---\ntitle: Definition Template\n---\n"),
		"content/en/_notes.md":                   file("not a page"),
		"content/en/cluster.md":                  file(hugoPage("Cluster", `["infrastructure", "", ""]`)),
		"content/en/contribute/_index.md":        file("---\ntitle: How To Contribute\ntoc_hide: true\nmenu:\n  main:\n    weight: 10\n---\n\nSteps.\n"),
		"content/en/guides/Setup Steps/index.md": file(hugoPage("Setup", `["guide"]`)),
		"content/en/firewall.md":                 file("---\ntitle: Firewall\ndraft: true\ntags: [\"security\"]\n---\n"),
		"content/ko/_index.md":                   file("---\ntitle: 용어집\n---\n"),
		"content/ko/cluster.md":                  file(hugoPage("클러스터", `["인프라", "", ""]`)),
		"content/ko/cluster/_index.md":           file(hugoPage("클러스터 (중복)", `[]`)),
		"content/ja/cluster.md":                  file("---\nTitle: クラスター\nStatus: Completed\ntags: [\"インフラ\", \"\", \"インフラ\"]\n---\n"),
		"content/zh-cn/cluster.md":               file(hugoPage("集群", `["基础设施", "", ""]`)),
		"content/pt-br/cluster.md":               file(hugoPage("Cluster", `["infraestrutura"]`)),
		"content/hi/service discovery.md":        file(hugoPage("सर्विस डिस्कवरी", `[]`)),
		"content/ja/broken.md":                   file("---\ntitle: [\n---\n"),
	}
}

type pageKey struct{ Locale, Path, File string }

func keysOf(entries []mdtree.Entry) []pageKey {
	keys := make([]pageKey, len(entries))
	for i, e := range entries {
		keys[i] = pageKey{e.Locale, e.Path, e.File}
	}
	return keys
}

// wantErrors checks that exactly the named files were reported, each with a
// reason mentioning the given fragment.
func wantErrors(t *testing.T, got []mdtree.FileError, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d file errors, want %d: %v", len(got), len(want), got)
	}
	for _, e := range got {
		fragment, ok := want[e.File]
		if !ok {
			t.Errorf("unexpected error for %s: %s", e.File, e.Reason)
		} else if !strings.Contains(e.Reason, fragment) {
			t.Errorf("reason for %s = %q, want it to mention %q", e.File, e.Reason, fragment)
		}
	}
}
