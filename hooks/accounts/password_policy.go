package accounts

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"

	"folio/hooks/schema"
)

// Password policy: every new password of a user or superuser must be 10 to 71 bytes long
// (bcrypt ignores bytes past 71) and score at least minPasswordScore of 4 on zxcvbn, which
// knows common passwords, keyboard patterns, dates, sequences and repeats, and here also the
// account's own email and name. trustelem/zxcvbn, a port of zxcvbn 4.4.2 tested against its
// reference output, does the scoring, so a strength meter built on the npm zxcvbn agrees with
// the server.
const (
	minPasswordBytes = 10
	maxPasswordBytes = 71
	minPasswordScore = 3
)

// onPasswordValidate runs whenever a user or superuser is validated before a save, however it
// is saved (sign-up, change, reset link, dashboard, CLI). When the save sets a new password
// that breaks the policy, the password field gets an error that says what to change; other
// field errors from PocketBase's own validation are kept alongside it.
func onPasswordValidate(e *core.RecordEvent) error {
	plain := e.Record.GetString(core.FieldNamePassword) // set only while a new password is being saved
	err := e.Next()
	if plain == "" {
		return err
	}
	problem := checkPassword(plain, personalInputs(e.Record))
	if problem == nil {
		return err
	}
	var fieldErrs validation.Errors
	switch {
	case errors.As(err, &fieldErrs):
		// keep PocketBase's own password message unless it has none to show (bcrypt's
		// length error is a plain error, which the API would reduce to an empty data)
		var coded validation.Error
		if existing, ok := fieldErrs[core.FieldNamePassword]; !ok || !errors.As(existing, &coded) {
			fieldErrs[core.FieldNamePassword] = problem
		}
		return fieldErrs
	case err != nil:
		return err
	}
	return validation.Errors{core.FieldNamePassword: problem}
}

// checkPassword returns nil for an acceptable password, else an error a person can act on.
func checkPassword(plain string, personal []string) error {
	if n := len(plain); n < minPasswordBytes {
		return validation.NewError("password_too_short",
			fmt.Sprintf("Use at least %d characters; this password has %d.", minPasswordBytes, n))
	} else if n > maxPasswordBytes {
		return validation.NewError("password_too_long",
			fmt.Sprintf("Use at most %d bytes (longer passwords are cut); this one has %d. A few uncommon words are enough.", maxPasswordBytes, n))
	}
	score, found := strength(plain, personal)
	if score >= minPasswordScore {
		return nil
	}
	return validation.NewError("password_too_weak", fmt.Sprintf(
		"This password is too easy to guess (strength %d of 4; at least %d is needed)%s. Add a few more uncommon words or characters.",
		score, minPasswordScore, weakness(found))).
		SetParams(map[string]any{"score": score, "minScore": minPasswordScore})
}

// scoreWindowBytes is the most of a password zxcvbn scores at once. Its l33t matcher tries each
// substitution of the l33t characters present (4 for a, 1 for i or l, …) against every
// substring, so its work grows much faster than the length: 71 bytes drawn from those
// characters took up to 0.2 s of CPU, 32 bytes up to 18 ms (BenchmarkPasswordCheck), and a
// sign-up must not cost an unauthenticated caller more than its bcrypt hash does.
const scoreWindowBytes = 32

// strength scores a password in windows of scoreWindowBytes overlapping by half (one window
// when it is that short), stopping at the first window that scores minPasswordScore: a password
// holding a stretch that would pass on its own is at least as hard to guess as that stretch.
// Otherwise it returns the best window's score and every match zxcvbn found, for the message.
func strength(plain string, personal []string) (int, []*match.Match) {
	best := -1
	var found []*match.Match
	for _, w := range scoreWindows(plain) {
		res := zxcvbn.PasswordStrength(plain[w.from:w.to], personal)
		best = max(best, res.Score)
		if res.Score >= minPasswordScore {
			return res.Score, nil
		}
		found = append(found, res.Sequence...)
	}
	return best, found
}

// window is the byte span [from, to) of a password.
type window struct{ from, to int }

// scoreWindows cuts s into stretches of at most scoreWindowBytes, starting every half window and
// ending with the last scoreWindowBytes, each cut at character boundaries.
func scoreWindows(s string) []window {
	if len(s) <= scoreWindowBytes {
		return []window{{0, len(s)}}
	}
	var out []window
	cut := func(from int) window {
		for from < len(s) && !utf8.RuneStart(s[from]) {
			from++
		}
		to := min(from+scoreWindowBytes, len(s))
		for to < len(s) && !utf8.RuneStart(s[to]) {
			to--
		}
		return window{from, to}
	}
	for from := 0; from+scoreWindowBytes < len(s); from += scoreWindowBytes / 2 {
		out = append(out, cut(from))
	}
	return append(out, cut(len(s)-scoreWindowBytes))
}

// weakness names the most telling reason zxcvbn found, as a clause.
func weakness(seq []*match.Match) string {
	found := map[string]bool{}
	for _, m := range seq {
		switch {
		case m.DictionaryName == "user_inputs":
			found["personal"] = true
		case m.DictionaryName == "passwords":
			found["common"] = true
		case m.Pattern == "dictionary":
			found["words"] = true
		case m.Pattern == "spatial":
			found["keyboard"] = true
		case m.Pattern == "repeat" || m.Pattern == "sequence":
			found["sequence"] = true
		case m.Pattern == "date" || m.Pattern == "regex": // zxcvbn's one regex is a recent year
			found["date"] = true
		}
	}
	for _, r := range []struct{ key, text string }{
		{"personal", ": it contains your name or email address"},
		{"common", ": it is a commonly used password"},
		{"keyboard", ": keyboard patterns such as qwerty are easy to guess"},
		{"sequence", ": repeats and sequences such as aaa or 1234 are easy to guess"},
		{"date", ": dates are easy to guess"},
		{"words", ": common words on their own are easy to guess"},
	} {
		if found[r.key] {
			return r.text
		}
	}
	return ""
}

// personalInputs are the account's own strings that a password must not lean on: the email,
// its local part and domain words, and the words of the name.
func personalInputs(r *core.Record) []string {
	var in []string
	if email := strings.ToLower(r.Email()); email != "" {
		local, domain, _ := strings.Cut(email, "@")
		in = append(in, email, local)
		in = append(in, strings.FieldsFunc(local, notAlnum)...)
		in = append(in, strings.FieldsFunc(domain, notAlnum)...)
	}
	if r.Collection().Name == schema.CollectionUsers {
		if name := strings.ToLower(schema.AsUser(r).Name()); name != "" {
			in = append(in, name, strings.ReplaceAll(name, " ", ""))
			in = append(in, strings.FieldsFunc(name, notAlnum)...)
		}
	}
	return in
}

func notAlnum(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
}

// passwordLengthMiddleware gives an over-long password on sign-up (or a superuser creating an
// account) the policy's own error. PocketBase fails such a create before any record hook runs
// (bcrypt refuses more than 72 bytes while the create rule is checked) and answers with empty
// error data, which would leave the client guessing.
func passwordLengthMiddleware() *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "folioPasswordLength",
		// After PocketBase's rate limiter and body limit: it reads the body.
		Priority: apis.DefaultBodyLimitMiddlewarePriority + 2,
		Func: func(e *core.RequestEvent) error {
			col, ok := recordsCreateCollection(e)
			if !ok || (col != schema.CollectionUsers && col != core.CollectionNameSuperusers) {
				return e.Next()
			}
			info, err := e.RequestInfo()
			if err != nil {
				return e.Next() // PocketBase reports the unreadable body itself
			}
			if pw, _ := info.Body[core.FieldNamePassword].(string); len(pw) > maxPasswordBytes {
				return e.BadRequestError("Failed to create record.", validation.Errors{core.FieldNamePassword: checkPassword(pw, nil)})
			}
			return e.Next()
		},
	}
}

// recordsCreateCollection names the collection of a POST /api/collections/{collection}/records.
func recordsCreateCollection(e *core.RequestEvent) (string, bool) {
	p := e.Request.URL.Path
	if e.Request.Method != http.MethodPost || !strings.HasPrefix(p, "/api/collections/") || !strings.HasSuffix(p, "/records") {
		return "", false
	}
	nameOrId := strings.TrimSuffix(strings.TrimPrefix(p, "/api/collections/"), "/records")
	col, err := e.App.FindCachedCollectionByNameOrId(nameOrId)
	if err != nil {
		return "", false
	}
	return col.Name, true
}
