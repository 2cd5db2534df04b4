package fanout

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/picker"

	"folio/hooks/schema"
)

// view is the record as one kind of caller sees it (enrich hooks run once for it), and its
// messages, marshalled once per fields option.
type view struct {
	action string
	record *core.Record
	ok     bool
	data   map[string][]byte
}

// newView builds the record of ev as auth sees it. A superuser sees hidden fields, as in
// PocketBase's broadcast.
func newView(ev *event, auth *core.Record, targetSeen bool) *view {
	clean := ev.record.Fresh()
	if auth != nil && auth.IsSuperuser() {
		clean.Unhide(clean.Collection().Fields.FieldNames()...)
	}
	info := &core.RequestInfo{Context: core.RequestInfoContextRealtime, Method: "GET", Auth: auth}
	err := ev.app.OnRecordEnrich().Trigger(&core.RecordEnrichEvent{App: ev.app, Record: clean, RequestInfo: info})
	keepTarget(ev, clean, auth, targetSeen)
	return &view{action: ev.action, record: clean, ok: err == nil, data: map[string][]byte{}}
}

// keepTarget gives a deleted link the target PocketBase's broadcast showed its caller: its
// enrich ran inside the delete and emptied to_page for a caller who could not read the target
// then; run now, it would read the target as it is after the delete (gone, in a page's or a
// space's delete).
func keepTarget(ev *event, record, auth *core.Record, targetSeen bool) {
	if ev.kept == nil || record.Collection().Name != schema.CollectionPageLinks || (auth != nil && auth.IsSuperuser()) {
		return
	}
	if targetSeen {
		record.Set(schema.PageLinkToPage, ev.record.GetString(schema.PageLinkToPage))
	} else {
		record.Set(schema.PageLinkToPage, "")
	}
}

// payload is the message data for a subscription with the fields option fields; nil when the
// record cannot be sent.
func (v *view) payload(fields string) []byte {
	if !v.ok {
		return nil
	}
	if b, ok := v.data[fields]; ok {
		return b
	}
	b := message(v.action, v.record, fields)
	v.data[fields] = b
	return b
}

// message marshals a realtime event as PocketBase does, with the fields option applied.
func message(action string, record *core.Record, fields string) []byte {
	var rec any = record
	if fields != "" {
		if picked, err := picker.Pick(record, fields); err == nil {
			rec = picked
		}
	}
	b, err := json.Marshal(map[string]any{"action": action, "record": rec})
	if err != nil {
		return nil
	}
	return b
}

// expandedPayload builds the message of a subscription with an expand through PocketBase's own
// enrich: the enrich hooks and each expanded relation read by its collection's view rule for
// the subscription's caller, query and headers, in the realtime context.
func expandedPayload(ev *event, s subscription, targetSeen bool) []byte {
	clean := ev.record.Fresh()
	if s.auth != nil && s.auth.IsSuperuser() {
		clean.Unhide(clean.Collection().Fields.FieldNames()...)
	}
	q := url.Values{}
	for k, v := range s.opts.Query {
		q.Set(k, v)
	}
	req, err := http.NewRequest(http.MethodGet, "/?"+q.Encode(), nil)
	if err != nil {
		return nil
	}
	for k, v := range s.opts.Headers {
		req.Header.Set(k, v)
	}
	re := &core.RequestEvent{App: ev.app, Auth: s.auth}
	re.Request = req
	re.Set(core.RequestEventKeyInfoContext, core.RequestInfoContextRealtime)
	if err := apis.EnrichRecord(re, clean); err != nil {
		return nil
	}
	keepTarget(ev, clean, s.auth, targetSeen)
	return message(ev.action, clean, s.opts.Query[fieldsParam])
}
