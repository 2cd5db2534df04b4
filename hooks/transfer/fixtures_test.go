package transfer_test

import (
	"testing"
	"testing/fstest"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/testapp"
	"folio/hooks/schema"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// The Wiki.js fixture: a page in four locales at a nested path, tags written as a comma
// string and as a YAML list, published as a bool and as a string, extra keys of several kinds.
const (
	wikiEN = `---
title: Message Queue
description: How work is handed over
published: true
date: 2024-03-05T09:12:30.250Z
tags: backend, messaging
editor: markdown
dateCreated: 2024-03-01T18:00:00.000Z
weight: 3
aliases:
  - /mq
  - /queues
---

# Message Queue

Queues hand work over. See [the home page](/home) and the [Korean page](/ko/Knowledge-base/Dictionary/message-queue).
`
	wikiKO = `---
title: 메시지 큐
description: 
published: "true"
date: 2024-03-06T10:00:00.000Z
tags: [백엔드, 메시징]
editor: markdown
dateCreated: 2024-03-02T08:30:00.000Z
---

큐는 일을 넘깁니다.
`
	wikiJA = `---
title: メッセージキュー
description: 
published: false
date: 2024-03-07T11:00:00.000Z
tags:
  - バックエンド
editor: markdown
dateCreated: 2024-03-03T07:00:00.000Z
---

キューは仕事を渡します。
`
	wikiZH = `---
title: 消息队列
description: 
published: "false"
date: 2024-03-08T12:00:00.000Z
tags: 
editor: markdown
dateCreated: 2024-03-04T06:00:00.000Z
reviewed_by: 王
---

队列传递工作。
`
	wikiHome = `---
title: Home
description: 
published: true
date: 2024-01-01T00:00:00.000Z
tags: 
editor: markdown
dateCreated: 2024-01-01T00:00:00.000Z
---

Welcome.
`
)

func wikiTree() fstest.MapFS {
	return fstest.MapFS{
		"home.md": file(wikiHome),
		"Knowledge-base/Dictionary/message-queue.md":    file(wikiEN),
		"ko/Knowledge-base/Dictionary/message-queue.md": file(wikiKO),
		"ja/Knowledge-base/Dictionary/message-queue.md": file(wikiJA),
		"zh/Knowledge-base/Dictionary/message-queue.md": file(wikiZH),
	}
}

// hugoTree is a Hugo content tree: sections, a template, a draft, a translated term.
func hugoTree() fstest.MapFS {
	return fstest.MapFS{
		"content/en/_index.md":            file("---\ntitle: Glossary\nstatus: Completed\n---\n\nTerms.\n"),
		"content/en/_TEMPLATE.md":         file("---\ntitle: Definition Template\n---\n"),
		"content/en/cluster.md":           file("---\ntitle: Cluster\nstatus: Completed\ncategory: Concept\ntags: [\"infrastructure\", \"\", \"fundamental\"]\n---\n\nA group of [nodes](/nodes/).\n"),
		"content/en/nodes.md":             file("---\ntitle: Nodes\nstatus: Completed\ntags: [\"infrastructure\"]\n---\n\nMachines.\n"),
		"content/en/firewall.md":          file("---\ntitle: Firewall\ndraft: true\n---\n\nKeeps traffic out.\n"),
		"content/en/contribute/_index.md": file("---\ntitle: How To Contribute\ntoc_hide: true\nmenu:\n  main:\n    weight: 10\n---\n\nSteps.\n"),
		"content/ko/cluster.md":           file("---\nTitle: 클러스터\nStatus: Completed\ntags: [\"인프라\"]\n---\n\n[노드](/nodes/)의 그룹.\n"),
		"content/ko/nodes.md":             file("---\ntitle: 노드\n---\n\n기계.\n"),
	}
}

// createSpace saves a space with source locale en.
func createSpace(t testing.TB, app core.App, slug, visibility string) *core.Record {
	t.Helper()
	return testapp.CreateRecord(t, app, schema.CollectionSpaces, map[string]any{
		schema.SpaceSlug: slug, schema.SpaceName: slug, schema.SpaceVisibility: visibility, schema.SpaceSourceLocale: "en",
	})
}

// addMember gives user role in space.
func addMember(t testing.TB, app core.App, space, user *core.Record, role string) {
	t.Helper()
	testapp.CreateRecord(t, app, schema.CollectionMemberships, map[string]any{
		schema.MembershipSpace: space.Id, schema.MembershipUser: user.Id, schema.MembershipRole: role,
	})
}

// findPage returns the page at (space, locale, path), failing the test when it is missing.
func findPage(t testing.TB, app core.App, space *core.Record, locale, path string) *core.Record {
	t.Helper()
	p, err := app.FindFirstRecordByFilter(schema.CollectionPages,
		"space = {:s} && locale = {:l} && path = {:p}", dbx.Params{"s": space.Id, "l": locale, "p": path})
	if err != nil {
		t.Fatalf("page %s/%s: %v", locale, path, err)
	}
	return p
}

// countRevisions counts every revision of the space's pages.
func countRevisions(t testing.TB, app core.App, space *core.Record) int {
	t.Helper()
	var n int
	err := app.DB().Select("count(*)").From(schema.CollectionRevisions+" r").
		InnerJoin(schema.CollectionPages+" p", dbx.NewExp("p.id = r."+schema.RevisionPage)).
		Where(dbx.HashExp{"p." + schema.PageSpace: space.Id}).Row(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// countPages counts the space's pages in locale ("" for all).
func countPages(t testing.TB, app core.App, space *core.Record, locale string) int {
	t.Helper()
	exp := dbx.HashExp{schema.PageSpace: space.Id}
	if locale != "" {
		exp[schema.PageLocale] = locale
	}
	n, err := app.CountRecords(schema.CollectionPages, exp)
	if err != nil {
		t.Fatal(err)
	}
	return int(n)
}
