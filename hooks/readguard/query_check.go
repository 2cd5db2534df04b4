package readguard

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
	"github.com/pocketbase/pocketbase/tools/search"
)

// What a client filter, sort or expand may name, for callers who are not superusers — one
// rule for every collection, present and future, decided from the schema alone:
//
//   - the collection's own fields, and fields reached through single relations (space.name,
//     page.space.visibility), up to PocketBase's depth; PocketBase applies the related
//     collection's list rule to each of those joins, and a single relation makes one row, so
//     the filter sees exactly the related record the caller could list;
//   - not back-relations (pages_via_space), relations holding several records, @collection or
//     @request: PocketBase evaluates those through a "NOT EXISTS" subquery (for every operator
//     but the `?` ones) or a join whose rows it drops as a whole, and neither applies the related
//     collection's rule to every row — an oracle over records the caller may not read;
//   - not hidden fields, and not fields that some readers see stripped (exposure.go);
//   - expand: forward relations only (PocketBase checks each expanded record's view rule;
//     a back-relation expand costs up to 1000 records per record and per level).
//
// Refusals are 400s in PocketBase's error shape naming the parameter.

// viaPattern is PocketBase's back-relation form, collection_via_field.
var viaPattern = regexp.MustCompile(`^\w+_via_\w+$`)

// maxDepth is PocketBase's limit of nested relations in a path.
const maxDepth = 6

// checkQuery refuses a filter, sort or expand in q that reaches past what the caller may list
// of c. It returns nil for queries it lets through (PocketBase then validates them as usual).
func checkQuery(app core.App, c *core.Collection, q url.Values) *router.ApiError {
	if f := q.Get(search.FilterQueryParam); f != "" {
		if err := checkFilter(app, c, f); err != nil {
			return refuse(search.FilterQueryParam, err)
		}
	}
	if s := q.Get(search.SortQueryParam); s != "" {
		for _, field := range search.ParseSortFromString(s) {
			if field.Name == "@random" || field.Name == "@rowid" {
				continue
			}
			if err := checkPath(app, c, field.Name); err != nil {
				return refuse(search.SortQueryParam, err)
			}
		}
	}
	if x := q.Get("expand"); x != "" {
		for _, path := range strings.Split(x, ",") {
			if err := checkExpand(app, c, strings.TrimSpace(path)); err != nil {
				return refuse("expand", err)
			}
		}
	}
	return nil
}

func refuse(param string, err error) *router.ApiError {
	return router.NewBadRequestError(
		fmt.Sprintf("Invalid %s: %s", param, err.Error()),
		validation.Errors{param: validation.NewError("validation_"+param+"_not_allowed", err.Error())},
	)
}

// checkFilter walks every field the filter names, through PocketBase's own parser (functions
// and macros included), and refuses the first one checkPath refuses. A filter that does not
// parse is left to PocketBase, which answers it with its own 400.
func checkFilter(app core.App, c *core.Collection, filter string) error {
	r := &pathChecker{app: app, collection: c}
	_, _ = search.FilterData(filter).BuildExpr(r)
	return r.refused
}

// pathChecker is a search.FieldResolver that resolves nothing: it checks each field path the
// filter names and remembers the first refusal.
type pathChecker struct {
	app        core.App
	collection *core.Collection
	refused    error
}

func (r *pathChecker) UpdateQuery(*dbx.SelectQuery) error { return nil }

func (r *pathChecker) Resolve(field string) (*search.ResolverResult, error) {
	if literal(r.collection, field) {
		return &search.ResolverResult{Identifier: "NULL"}, nil
	}
	if err := checkPath(r.app, r.collection, field); err != nil {
		if r.refused == nil {
			r.refused = err
		}
		return nil, err
	}
	return &search.ResolverResult{Identifier: "NULL"}, nil
}

// literal reports whether PocketBase reads field as the literal null, true or false: it does,
// in any case, when c has no field of that name.
func literal(c *core.Collection, field string) bool {
	switch strings.ToLower(field) {
	case "null", "true", "false":
		return c.Fields.GetByName(field) == nil
	}
	return false
}

// checkPath allows a filter or sort path made of c's filterable fields and single relations.
func checkPath(app core.App, c *core.Collection, path string) error {
	if strings.HasPrefix(path, "@") {
		return fmt.Errorf("%q: @collection and @request belong in API rules; filter on the collection's own fields and single relations", path)
	}
	segments := strings.Split(path, ".")
	if len(segments) > maxDepth+1 {
		return fmt.Errorf("%q goes deeper than %d relations", path, maxDepth)
	}
	cur := c
	for i, seg := range segments {
		name, _, hasModifier := strings.Cut(seg, ":")
		last := i == len(segments)-1
		if hasModifier && !last {
			return fmt.Errorf("%q: a modifier only ends a path", path)
		}
		field := cur.Fields.GetByName(name)
		if field == nil {
			if viaPattern.MatchString(name) {
				return fmt.Errorf("%q: back-relations (%s) are not allowed in filters and sorts, as they reach records you may not read; "+
					"list the related collection itself and filter it on its relation field instead", path, name)
			}
			return fmt.Errorf("%q: %s has no field %q", path, cur.Name, name)
		}
		if field.GetHidden() || !filterable(cur, field.GetName()) {
			return fmt.Errorf("%q: %s.%s cannot be filtered or sorted on", path, cur.Name, name)
		}
		if last || field.Type() == core.FieldTypeJSON || field.Type() == core.FieldTypeGeoPoint {
			return nil // the rest of a JSON path is a path inside the value
		}
		rel, ok := field.(*core.RelationField)
		if !ok {
			return fmt.Errorf("%q: %s.%s is not a relation", path, cur.Name, name)
		}
		if rel.IsMultiple() {
			return fmt.Errorf("%q: %s.%s holds several records; filter it by id (%s ?= \"ID\") or list the related collection", path, cur.Name, name, name)
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil {
			return fmt.Errorf("%q: %s.%s points to no collection", path, cur.Name, name)
		}
		if target.ListRule == nil {
			return fmt.Errorf("%q: %s records can be filtered on by superusers only", path, target.Name)
		}
		cur = target
	}
	return nil
}

// checkExpand allows an expand path of relation fields; a back-relation is refused.
func checkExpand(app core.App, c *core.Collection, path string) error {
	cur := c
	for _, name := range strings.Split(path, ".") {
		field := cur.Fields.GetByName(name)
		if field == nil {
			if viaPattern.MatchString(name) {
				return fmt.Errorf("%q: back-relations (%s) cannot be expanded; list the related collection itself, filtered on its relation field", path, name)
			}
			return nil // PocketBase reports unknown fields itself
		}
		rel, ok := field.(*core.RelationField)
		if !ok {
			return nil
		}
		target, err := app.FindCachedCollectionByNameOrId(rel.CollectionId)
		if err != nil {
			return nil
		}
		cur = target
	}
	return nil
}
