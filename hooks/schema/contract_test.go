package schema_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"folio/hooks/internal/testapp"
)

// TestNamesMatchMigrations checks every collection and field constant of this package against
// a fresh app built from all migrations: a rename that forgets this package fails here.
func TestNamesMatchMigrations(t *testing.T) {
	app := testapp.New(t)
	blocks := nameBlocks(t)
	if len(blocks) == 0 {
		t.Fatal("no Collection* const blocks found: the parser or the convention broke")
	}
	for _, b := range blocks {
		c, err := app.FindCollectionByNameOrId(b.collection)
		if err != nil {
			t.Errorf("%s names collection %q, which the migrations do not create", b.constName, b.collection)
			continue
		}
		for name, field := range b.fields {
			if c.Fields.GetByName(field) == nil {
				t.Errorf("%s names field %q, which collection %q does not have", name, field, b.collection)
			}
		}
	}
}

type nameBlock struct {
	constName  string
	collection string
	fields     map[string]string // const name → field name
}

// nameBlocks reads the package's source: each const block that starts with Collection<Name>.
func nameBlocks(t *testing.T) []nameBlock {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []nameBlock
	for _, pkg := range pkgs {
		for _, f := range pkg.Files {
			for _, decl := range f.Decls {
				if b, ok := asNameBlock(t, decl); ok {
					out = append(out, b)
				}
			}
		}
	}
	return out
}

func asNameBlock(t *testing.T, decl ast.Decl) (nameBlock, bool) {
	gd, ok := decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.CONST || len(gd.Specs) == 0 {
		return nameBlock{}, false
	}
	first := gd.Specs[0].(*ast.ValueSpec)
	if !strings.HasPrefix(first.Names[0].Name, "Collection") {
		return nameBlock{}, false
	}
	b := nameBlock{constName: first.Names[0].Name, collection: stringValue(t, first), fields: map[string]string{}}
	for _, s := range gd.Specs[1:] {
		vs := s.(*ast.ValueSpec)
		b.fields[vs.Names[0].Name] = stringValue(t, vs)
	}
	return b, true
}

func stringValue(t *testing.T, vs *ast.ValueSpec) string {
	t.Helper()
	lit, ok := vs.Values[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		t.Fatalf("%s is not a string literal", vs.Names[0].Name)
	}
	v, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
