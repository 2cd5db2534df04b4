package factors

import (
	"net/http"
	"slices"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/schema"
)

// firstSteps are the sign-in methods a second factor follows.
var firstSteps = []string{schema.SessionMethodPassword, schema.SessionMethodOTP, schema.SessionMethodOAuth2}

// onUserAuthRequest runs when a user passed a first sign-in step (password, OTP, OAuth2) and is
// about to get a token. A user with a second factor gets PocketBase's MFA answer instead: 401
// {"mfaId": "…"}, which the JS SDK surfaces as ClientResponseError with response.mfaId, and no
// token; the sign-in ends at POST /api/folio/factors/verify (or the passkey step). The answer
// is written here and apis.ErrMFA returned, as PocketBase does, so no session is started.
func (s *service) onUserAuthRequest(e *core.RecordAuthRequestEvent) error {
	if !slices.Contains(firstSteps, e.AuthMethod) {
		return e.Next()
	}
	has, err := HasSecondFactor(e.App, e.Record.Id)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if !has {
		return e.Next()
	}
	cfg := s.config()
	ch, err := newChallenge(e.App, schema.PurposeSecondStep, e.Record.Id, e.AuthMethod, nil, cfg.Now(), cfg.ChallengeTTL)
	if err != nil {
		return e.InternalServerError("", err)
	}
	if err := e.JSON(http.StatusUnauthorized, map[string]string{"mfaId": ch.Id}); err != nil {
		return err
	}
	return apis.ErrMFA
}
