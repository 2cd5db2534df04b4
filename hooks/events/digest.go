package events

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// DigestJobId names the cron job that sends the daily notification digests.
const DigestJobId = "folio_notification_digest"

// bindDigest adds the digest job: every hour, for users whose last digest is a day old.
func bindDigest(app core.App) {
	app.Cron().MustAdd(DigestJobId, "0 * * * *", func() {
		if _, err := SendDigests(app, time.Now()); err != nil {
			app.Logger().Error("Failed to send notification digests", "error", err)
		}
	})
}

// SendDigests mails each user who chose a daily digest, and whose last one is at least a day
// old by now, the notifications not mailed yet, leaving out any about a page they can no longer
// read. It returns how many digests it sent.
func SendDigests(app core.App, now time.Time) (int, error) {
	var settings []*core.Record
	err := app.RecordQuery(schema.CollectionNotificationSettings).
		AndWhere(dbx.HashExp{schema.NotifySettingEmail: schema.EmailDaily}).
		AndWhere(dbx.NewExp("[["+schema.NotifySettingLastDigest+"]] = '' OR [["+schema.NotifySettingLastDigest+"]] <= {:since}",
			dbx.Params{"since": dateString(now.Add(-23 * time.Hour))})).All(&settings)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, s := range settings {
		ok, err := sendDigest(app, s, now)
		if err != nil {
			return sent, err
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

func sendDigest(app core.App, s *core.Record, now time.Time) (bool, error) {
	user, err := app.FindRecordById(schema.CollectionUsers, s.GetString(schema.NotifySettingUser))
	if err != nil {
		return false, nil
	}
	var pending []*core.Record
	err = app.RecordQuery(schema.CollectionNotifications).
		AndWhere(dbx.HashExp{schema.NotificationUser: user.Id, schema.NotificationEmailed: false}).
		OrderBy(schema.NotificationCreated + " ASC").Limit(200).All(&pending)
	if err != nil || len(pending) == 0 {
		return false, err
	}
	var items []*core.Record
	err = app.RunInTransaction(func(tx core.App) error {
		for _, n := range pending {
			if page, err := tx.FindRecordById(schema.CollectionPages, n.GetString(schema.NotificationPage)); err == nil && canReadPage(tx, user, page) {
				items = append(items, n)
			}
			n.Set(schema.NotificationEmailed, true)
			if err := tx.Save(n); err != nil {
				return err
			}
		}
		s.Set(schema.NotifySettingLastDigest, now)
		return tx.Save(s)
	})
	if err != nil || len(items) == 0 || user.Email() == "" {
		return false, err
	}
	sendMails(app, []notificationMail{{user: user, items: items}})
	return true, nil
}
