package textmerge_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"folio/hooks/internal/textmerge"
)

func TestMergeClean(t *testing.T) {
	cases := []struct {
		name, base, theirs, yours, want string
	}{
		{"edits at different places",
			"a\nb\nc\nd\ne\n", "A\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\n", "A\nb\nc\nd\nE\n"},
		{"theirs only", "a\nb\nc\n", "a\nB\nc\n", "a\nb\nc\n", "a\nB\nc\n"},
		{"yours only", "a\nb\nc\n", "a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n"},
		{"identical edit among separate ones",
			"a\nb\nc\nd\ne\nf\ng\n", "A\nb\nc\nD\ne\nf\ng\n", "a\nb\nc\nD\ne\nf\nG\n", "A\nb\nc\nD\ne\nf\nG\n"},
		{"identical append", "a\n", "a\nb\n", "a\nb\n", "a\nb\n"},
		{"identical deletion plus an edit", "a\nb\nc\nd\ne\n", "a\nc\nd\ne\n", "a\nc\nd\nE\n", "a\nc\nd\nE\n"},
		{"insertion and deletion apart", "a\nb\nc\nd\n", "x\na\nb\nc\nd\n", "a\nb\nc\n", "x\na\nb\nc\n"},
		{"empty base, one side writes", "", "x\ny\n", "", "x\ny\n"},
		{"all deleted by one side", "a\nb\n", "a\nb\n", "", ""},
		{"no trailing newline kept",
			"a\nb\nc", "A\nb\nc", "a\nb\nC", "A\nb\nC"},
		{"one side adds the final newline",
			"a\nb\nc", "a\nb\nc\n", "A\nb\nc", "A\nb\nc\n"},
		{"one side removes the final newline",
			"a\nb\nc\n", "A\nb\nc\n", "a\nb\nc", "A\nb\nc"},
		{"CRLF lines kept as they are",
			"a\r\nb\r\nc\r\nd\r\n", "A\r\nb\r\nc\r\nd\r\n", "a\r\nb\r\nc\r\nD\r\n", "A\r\nb\r\nc\r\nD\r\n"},
		{"Korean paragraphs",
			"# 백엔드\n\n데이터 저장\n\n사용자 인증\n\n비즈니스 로직\n",
			"# 백엔드 프로그래밍\n\n데이터 저장\n\n사용자 인증\n\n비즈니스 로직\n",
			"# 백엔드\n\n데이터 저장\n\n사용자 인증\n\n비즈니스 로직과 규칙\n",
			"# 백엔드 프로그래밍\n\n데이터 저장\n\n사용자 인증\n\n비즈니스 로직과 규칙\n"},
		{"Chinese and Japanese lines",
			"后端编程\n\n数据存储\n\nユーザー認証\n", "后端开发\n\n数据存储\n\nユーザー認証\n", "后端编程\n\n数据存储\n\nユーザーの認証\n",
			"后端开发\n\n数据存储\n\nユーザーの認証\n"},
		{"same text both sides", "a\n", "b\n", "b\n", "b\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := textmerge.Merge(c.base, c.theirs, c.yours)
			if !got.Clean || len(got.Conflicts) != 0 {
				t.Fatalf("Merge not clean: %+v", got)
			}
			if got.Text != c.want {
				t.Fatalf("Merge text = %q, want %q", got.Text, c.want)
			}
		})
	}
}

func TestMergeConflicts(t *testing.T) {
	cases := []struct {
		name, base, theirs, yours string
		want                      []textmerge.Conflict
	}{
		{"both append differently", "a\nb\n", "a\nb\nc\n", "a\nb\nd\n",
			[]textmerge.Conflict{{BaseLine: 3, Base: "", Theirs: "c\n", Yours: "d\n"}}},
		{"deletion against edit", "a\nb\nc\n", "a\nc\n", "a\nB\nc\n",
			[]textmerge.Conflict{{BaseLine: 2, Base: "b\n", Theirs: "", Yours: "B\n"}}},
		{"same line edited differently", "a\nb\nc\n", "a\nX\nc\n", "a\nY\nc\n",
			[]textmerge.Conflict{{BaseLine: 2, Base: "b\n", Theirs: "X\n", Yours: "Y\n"}}},
		{"adjacent edits", "a\nb\nc\n", "A\nb\nc\n", "a\nB\nc\n",
			[]textmerge.Conflict{{BaseLine: 1, Base: "a\nb\n", Theirs: "A\nb\n", Yours: "a\nB\n"}}},
		{"empty base written by both", "", "x\n", "y\n",
			[]textmerge.Conflict{{BaseLine: 1, Base: "", Theirs: "x\n", Yours: "y\n"}}},
		{"insertions at the same point", "a\nb\n", "a\nt\nb\n", "a\ny\nb\n",
			[]textmerge.Conflict{{BaseLine: 2, Base: "", Theirs: "t\n", Yours: "y\n"}}},
		{"last line without newline", "a\nb", "a\nc", "a\nd",
			[]textmerge.Conflict{{BaseLine: 2, Base: "b", Theirs: "c", Yours: "d"}}},
		{"newline added against last line edited", "a\nb", "a\nb\n", "a\nB",
			[]textmerge.Conflict{{BaseLine: 2, Base: "b", Theirs: "b\n", Yours: "B"}}},
		{"line endings rewritten against an edit", "a\r\nb\r\n", "a\nb\n", "a\r\nB\r\n",
			[]textmerge.Conflict{{BaseLine: 1, Base: "a\r\nb\r\n", Theirs: "a\nb\n", Yours: "a\r\nB\r\n"}}},
		{"two conflicts, one clean edit between",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\nT2\n3\n4\nT5\n6\n7\nT8\n9\n", "1\nY2\n3\n4\n5\n6\n7\nY8\n9\n",
			[]textmerge.Conflict{
				{BaseLine: 2, Base: "2\n", Theirs: "T2\n", Yours: "Y2\n"},
				{BaseLine: 8, Base: "8\n", Theirs: "T8\n", Yours: "Y8\n"},
			}},
		{"Korean line edited on both sides",
			"제목\n\n나는 학교에 갔다.\n", "제목\n\n나는 집에 갔다.\n", "제목\n\n나는 도서관에 갔다.\n",
			[]textmerge.Conflict{{BaseLine: 3, Base: "나는 학교에 갔다.\n", Theirs: "나는 집에 갔다.\n", Yours: "나는 도서관에 갔다.\n"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := textmerge.Merge(c.base, c.theirs, c.yours)
			if got.Clean {
				t.Fatalf("Merge clean, want conflicts: %q", got.Text)
			}
			if !reflect.DeepEqual(got.Conflicts, c.want) {
				t.Fatalf("Conflicts = %+v\nwant %+v", got.Conflicts, c.want)
			}
			if got.Text != c.theirs {
				t.Fatalf("Text of a conflicted merge = %q, want theirs %q", got.Text, c.theirs)
			}
		})
	}
}

func TestMergeResultJSON(t *testing.T) {
	cases := []struct {
		name string
		res  textmerge.Result
		want string
	}{
		{"conflict", textmerge.Merge("a\n", "b\n", "c\n"),
			`{"text":"b\n","conflicts":[{"base_line":1,"base":"a\n","theirs":"b\n","yours":"c\n"}],"clean":false}`},
		{"clean", textmerge.Merge("a\n", "a\n", "c\n"), `{"text":"c\n","conflicts":[],"clean":true}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := json.Marshal(c.res)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Fatalf("json = %s\nwant %s", got, c.want)
			}
		})
	}
}

// Past about two million lines diffmatchpatch cannot encode the lines of two
// texts; Merge must neither panic nor lose the one-sided change.
func TestMergeOfHugeTexts(t *testing.T) {
	base := strings.Repeat("x\n", 1_100_000)
	theirs := base + "t\n"
	if res := textmerge.Merge(base, theirs, base); !res.Clean || res.Text != theirs {
		t.Fatalf("one-sided change of a huge text not merged cleanly")
	}
	res := textmerge.Merge(base, theirs, "y\n"+base)
	if res.Clean || len(res.Conflicts) != 1 || res.Conflicts[0].BaseLine != 1 {
		t.Fatalf("two-sided change of a huge text: clean %v, %d conflicts", res.Clean, len(res.Conflicts))
	}
}
