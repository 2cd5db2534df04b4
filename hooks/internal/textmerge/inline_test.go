package textmerge_test

import (
	"reflect"
	"strings"
	"testing"

	"folio/hooks/internal/textmerge"
)

func TestInlineSegments(t *testing.T) {
	type seg = textmerge.Segment
	cases := []struct {
		name, from, to string
		del, ins       []seg
	}{
		{"English changes whole words",
			"Folio stores every page in SQLite.", "Folio keeps every page in SQLite.",
			[]seg{{"equal", "Folio "}, {"delete", "stores"}, {"equal", " every page in SQLite."}},
			[]seg{{"equal", "Folio "}, {"insert", "keeps"}, {"equal", " every page in SQLite."}}},
		{"Korean changes characters, not the whole word with its particle",
			"나는 학교에 갔다", "나는 집에 갔다",
			[]seg{{"equal", "나는 "}, {"delete", "학교"}, {"equal", "에 갔다"}},
			[]seg{{"equal", "나는 "}, {"insert", "집"}, {"equal", "에 갔다"}}},
		{"Chinese changes characters in an unspaced sentence",
			"我今天去了学校。", "我昨天去了学校。",
			[]seg{{"equal", "我"}, {"delete", "今"}, {"equal", "天去了学校。"}},
			[]seg{{"equal", "我"}, {"insert", "昨"}, {"equal", "天去了学校。"}}},
		{"Japanese kana and kanji",
			"今日は雨です。", "今日は晴れです。",
			[]seg{{"equal", "今日は"}, {"delete", "雨"}, {"equal", "です。"}},
			[]seg{{"equal", "今日は"}, {"insert", "晴れ"}, {"equal", "です。"}}},
		{"words inside CJK text stay words",
			"PocketBase는 좋다", "SQLite는 좋다",
			[]seg{{"delete", "PocketBase"}, {"equal", "는 좋다"}},
			[]seg{{"insert", "SQLite"}, {"equal", "는 좋다"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := textmerge.Diff(c.from+"\n", c.to+"\n")
			if len(d.Hunks) != 1 || len(d.Hunks[0].Lines) != 2 {
				t.Fatalf("want one hunk of two lines, got %+v", d.Hunks)
			}
			del, ins := d.Hunks[0].Lines[0], d.Hunks[0].Lines[1]
			if !reflect.DeepEqual(del.Segments, c.del) {
				t.Errorf("deleted line segments = %q\nwant %q", del.Segments, c.del)
			}
			if !reflect.DeepEqual(ins.Segments, c.ins) {
				t.Errorf("inserted line segments = %q\nwant %q", ins.Segments, c.ins)
			}
		})
	}
}

func TestInlineSegmentsPairInOrder(t *testing.T) {
	d := textmerge.Diff("one red\ntwo red\n", "one blue\ntwo blue\nthree blue\n")
	var got []string
	for _, l := range d.Hunks[0].Lines {
		var parts []string
		for _, s := range l.Segments {
			parts = append(parts, s.Op+":"+s.Text)
		}
		got = append(got, l.Op+" "+strings.Join(parts, "|"))
	}
	want := []string{
		"delete equal:one |delete:red",
		"delete equal:two |delete:red",
		"insert equal:one |insert:blue",
		"insert equal:two |insert:blue",
		"insert ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("lines = %q\nwant %q", got, want)
	}
}

func TestInlineSegmentsOfVeryLongLines(t *testing.T) {
	from := strings.Repeat("word ", 5000)
	to := "changed " + from
	d := textmerge.Diff(from, to)
	del, ins := d.Hunks[0].Lines[0], d.Hunks[0].Lines[1]
	if len(del.Segments) != 1 || del.Segments[0].Text != from || len(ins.Segments) != 1 || ins.Segments[0].Text != to {
		t.Fatalf("long lines should show as wholly replaced, got %d and %d segments", len(del.Segments), len(ins.Segments))
	}
}
