package events

import (
	"regexp"
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// A comment mentions a member as @[Their Name] (the name they show in the space) or by
// @their@email.address. Only members of the page's space are ever matched.
var (
	mentionName  = regexp.MustCompile(`@\[([^\]\n]{1,100})\]`)
	mentionEmail = regexp.MustCompile(`(?:^|[\s(])@([^\s@()\[\]<>]+@[^\s@()\[\]<>]+\.[^\s@()\[\]<>.,;:!?]+)`)
)

// maxMentions bounds how many mentions one comment can turn into notifications.
const maxMentions = 50

// findMentionedMembers returns the ids of the members of space that body mentions.
func findMentionedMembers(app core.App, space, body string) ([]string, error) {
	names, emails := map[string]bool{}, map[string]bool{}
	for _, m := range mentionName.FindAllStringSubmatch(body, maxMentions) {
		names[strings.ToLower(strings.TrimSpace(m[1]))] = true
	}
	for _, m := range mentionEmail.FindAllStringSubmatch(body, maxMentions) {
		emails[strings.ToLower(m[1])] = true
	}
	if len(names) == 0 && len(emails) == 0 {
		return nil, nil
	}
	var members []*core.Record
	if err := app.RecordQuery(schema.CollectionMemberships).
		AndWhere(dbx.HashExp{schema.MembershipSpace: space}).All(&members); err != nil {
		return nil, err
	}
	var out []string
	for _, m := range members {
		u, err := app.FindRecordById(schema.CollectionUsers, m.GetString(schema.MembershipUser))
		if err != nil {
			continue
		}
		if names[strings.ToLower(strings.TrimSpace(u.GetString(schema.UserName)))] || emails[strings.ToLower(u.Email())] {
			out = append(out, u.Id)
		}
	}
	return out, nil
}
