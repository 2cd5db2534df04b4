package transfer

import (
	"bufio"
	"cmp"
	"errors"
	"net/http"
	"strings"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"folio/hooks/internal/mdtree"
)

// Multipart fields of a git bundle upload, besides "file" and "format".
const (
	uploadRef    = "ref"
	uploadSubdir = "subdir"
	uploadSource = "source"
	uploadKey    = "provenanceKey"
)

// spaceImportGit handles an import upload that is a git bundle rather than a zip: the bundle's
// history is replayed as folio import --git replays it ("ref", "subdir", "source" — default
// "upload" — and "provenanceKey" name what the flags name), and the answer is the GitSummary.
// handled is false when the upload is not a bundle, for the zip import to take it.
func spaceImportGit(e *core.RequestEvent, space *core.Record, format mdtree.Format) (handled bool, err error) {
	files, err := e.FindUploadedFiles(uploadFile)
	if err != nil || len(files) != 1 {
		return false, nil
	}
	f, err := files[0].Reader.Open()
	if err != nil {
		return false, nil
	}
	defer f.Close()
	br := bufio.NewReader(f)
	if head, _ := br.Peek(len(bundleSignatures[0])); !isBundleSignature(string(head)) {
		return false, nil
	}
	repo, closeRepo, err := OpenGitBundle(br)
	var treeErr *TreeError
	if errors.As(err, &treeErr) {
		return true, e.BadRequestError(treeErr.Reason, validation.Errors{uploadFile: validation.NewError("validation_invalid_bundle", treeErr.Reason)})
	}
	if err != nil {
		e.App.Logger().Error("Failed to open an uploaded bundle", "error", err, "space", space.Id)
		return true, e.InternalServerError("The import failed; the server log has the cause.", nil)
	}
	defer closeRepo()
	sum, err := ImportGit(e.App, space, repo, GitOptions{
		Ref: e.Request.FormValue(uploadRef), Subdir: e.Request.FormValue(uploadSubdir),
		Source: cmp.Or(strings.TrimSpace(e.Request.FormValue(uploadSource)), "upload"), Format: format,
		ProvenanceKey: e.Request.FormValue(uploadKey),
	})
	var historyErr *GitHistoryError
	switch {
	case errors.As(err, &historyErr):
		return true, e.BadRequestError(historyErr.Reason, validation.Errors{uploadRef: validation.NewError("validation_git_history", historyErr.Reason)})
	case errors.As(err, &treeErr):
		return true, e.BadRequestError(treeErr.Reason, validation.Errors{uploadSubdir: validation.NewError("validation_git_tree", treeErr.Reason)})
	case err != nil:
		e.App.Logger().Error("Failed to import a git history", "error", err, "space", space.Id)
		return true, e.InternalServerError("The import failed; the server log has the cause.", nil)
	}
	return true, e.JSON(http.StatusOK, sum)
}

func isBundleSignature(head string) bool {
	for _, s := range bundleSignatures {
		if strings.HasPrefix(s, head) && len(head) == len(s) {
			return true
		}
	}
	return false
}
