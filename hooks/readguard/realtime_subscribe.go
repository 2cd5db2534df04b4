package readguard

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cast"
)

// onRealtimeSubscribeRequest checks the options of each record subscription
// ("pages/*?options={"query":{"filter":…,"expand":…}}", as the JS SDK sends them) with the
// same rule as the records API, before the client is subscribed: a refused subscription is a
// 400 and the client keeps its previous subscriptions. Custom topics pass unchecked.
func onRealtimeSubscribeRequest(e *core.RealtimeSubscribeRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	for _, sub := range e.Subscriptions {
		c, q := subscriptionQuery(e.App, sub)
		if c == nil {
			continue
		}
		if err := checkQuery(e.App, c, q); err != nil {
			return err
		}
	}
	return e.Next()
}

// subscriptionQuery parses a subscription as PocketBase's broker does: the collection its topic
// names (nil for other topics) and the query of its options.
func subscriptionQuery(app core.App, sub string) (*core.Collection, url.Values) {
	u, err := url.Parse(sub)
	if err != nil {
		return nil, nil
	}
	name, _, _ := strings.Cut(u.Path, "/")
	c, err := app.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return nil, nil
	}
	q := url.Values{}
	raw := u.Query().Get("options")
	if raw == "" {
		return c, q
	}
	var options struct {
		Query map[string]any `json:"query"`
	}
	if json.Unmarshal([]byte(raw), &options) != nil {
		return c, q
	}
	for k, v := range options.Query {
		q.Set(k, cast.ToString(v))
	}
	return c, q
}
