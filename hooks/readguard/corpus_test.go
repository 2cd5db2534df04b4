package readguard_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/pocketbase/pocketbase/core"
)

// The generated corpus: from the schema of a migrated app, every field path a client filter,
// sort or expand can name — forward relations, back-relations (x_via_y), @collection joins —
// up to a depth, and the queries made of them with every operator, its negation and its `?`
// any-of form, and the modifiers :lower, :length, :each and :isset.

// folioCollections are the collections the differential test reads; any other non-system
// collection in the app (added by a later migration) is read as well.
var folioCollections = []string{"users", "sessions", "audit_events", "spaces", "memberships", "invitations",
	"pages", "revisions", "page_links", "comments"}

var operators = []string{"=", "!=", ">", ">=", "<", "<=", "~", "!~", "?=", "?!=", "?>", "?>=", "?<", "?<=", "?~", "?!~"}

// collectionsOf lists the Folio collections of app: the known ones first, then any other
// non-system collection.
func collectionsOf(app core.App) []*core.Collection {
	all, err := app.FindAllCollections()
	if err != nil {
		panic(err)
	}
	var out []*core.Collection
	for _, name := range folioCollections {
		for _, c := range all {
			if c.Name == name {
				out = append(out, c)
			}
		}
	}
	for _, c := range all {
		if !c.System && !slices.Contains(folioCollections, c.Name) && !strings.HasPrefix(c.Name, "_") {
			out = append(out, c)
		}
	}
	return out
}

// fieldPath is one path a filter can name, and the field it ends at.
type fieldPath struct {
	path  string
	field core.Field
}

// paths lists every path from c up to depth relation steps (forward and back).
func paths(app core.App, c *core.Collection, depth int) []fieldPath {
	all, _ := app.FindAllCollections()
	byID := map[string]*core.Collection{}
	for _, x := range all {
		byID[x.Id] = x
	}
	var out []fieldPath
	var walk func(c *core.Collection, prefix string, left int)
	walk = func(c *core.Collection, prefix string, left int) {
		for _, f := range c.Fields {
			if f.GetName() == "password" || f.GetName() == "tokenKey" {
				continue
			}
			out = append(out, fieldPath{prefix + f.GetName(), f})
			if rel, ok := f.(*core.RelationField); ok && left > 0 {
				if target := byID[rel.CollectionId]; target != nil {
					walk(target, prefix+f.GetName()+".", left-1)
				}
			}
		}
		if left == 0 {
			return
		}
		for _, other := range all {
			if other.System && !other.IsAuth() {
				continue
			}
			for _, f := range other.Fields {
				if rel, ok := f.(*core.RelationField); ok && rel.CollectionId == c.Id {
					walk(other, prefix+other.Name+"_via_"+f.GetName()+".", left-1)
				}
			}
		}
	}
	walk(c, "", depth)
	return out
}

// values are the literals a filter compares a field with: words of both sides of the pairs
// ("alpha" in A, "bravo" hidden in B), a substring of B's hidden emails and user agents, and
// the empty value.
func values(f core.Field) []string {
	switch f.Type() {
	case core.FieldTypeNumber:
		return []string{"0", "1"}
	case core.FieldTypeBool:
		return []string{"true", "false"}
	case core.FieldTypeDate, core.FieldTypeAutodate:
		return []string{"'2026-01-01 12:00:00.000Z'", "''"}
	default:
		return []string{"'alpha'", "'b'", "''", "'alpha%'"}
	}
}

// query is one list request of the corpus: a collection and its query string.
type query struct {
	collection string
	params     url.Values
}

func (q query) String() string { return q.collection + "?" + q.params.Encode() }

// corpus builds the queries for collection c from its paths: each path with operators and
// values in rotation (full: with every operator and value), each path as a sort in both
// directions, each relation path as an expand, modifiers, and @collection joins.
func corpus(app core.App, c *core.Collection, depth int, full bool) []query {
	var out []query
	add := func(k, v string) {
		out = append(out, query{c.Name, url.Values{k: {v}, "perPage": {"100"}}})
	}
	ps := paths(app, c, depth)
	for i, p := range ps {
		vals := values(p.field)
		if full {
			for _, op := range operators {
				for _, v := range vals {
					add("filter", fmt.Sprintf("%s %s %s", p.path, op, v))
				}
			}
		} else {
			// two filters per path: a plain and a negated operator in rotation, so that every
			// operator meets every kind of path
			op1, op2 := operators[(2*i)%len(operators)], operators[(2*i+9)%len(operators)]
			add("filter", fmt.Sprintf("%s %s %s", p.path, op1, vals[i%len(vals)]))
			add("filter", fmt.Sprintf("%s %s %s", p.path, op2, vals[(i+1)%len(vals)]))
		}
		add("sort", p.path)
		if full || i%3 == 0 {
			add("sort", "-"+p.path+",id")
		}
		switch p.field.Type() {
		case core.FieldTypeText, core.FieldTypeEmail, core.FieldTypeEditor, core.FieldTypeURL:
			add("filter", fmt.Sprintf("%s:lower ~ 'alpha'", p.path))
		case core.FieldTypeRelation, core.FieldTypeSelect, core.FieldTypeFile, core.FieldTypeJSON:
			add("filter", fmt.Sprintf("%s:length > 0", p.path))
			add("filter", fmt.Sprintf("%s:each ?~ 'a'", p.path))
			if rel, ok := p.field.(*core.RelationField); ok && rel.CollectionId != "" {
				add("expand", p.path)
			}
		}
		if full || i%5 == 0 {
			add("filter", fmt.Sprintf("%s:isset = true", p.path))
		}
		if strings.Contains(p.path, "_via_") && !strings.HasSuffix(p.path, ".id") {
			if j := strings.LastIndex(p.path, "."); j > 0 {
				add("expand", p.path[:j])
			}
		}
	}
	for _, other := range collectionsOf(app) {
		for _, f := range []string{"id", "body", "email", "user_agent", "title", "name"} {
			if other.Fields.GetByName(f) != nil {
				add("filter", fmt.Sprintf("@collection.%s.%s ~ 'alpha' && id != ''", other.Name, f))
			}
		}
	}
	add("filter", "@request.auth.id != ''")
	add("sort", "@rowid")
	add("sort", "-@rowid")
	add("filter", "id != ''")
	return dedupe(out)
}

func dedupe(qs []query) []query {
	seen := map[string]bool{}
	out := qs[:0]
	for _, q := range qs {
		k := q.String()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, q)
	}
	return out
}
