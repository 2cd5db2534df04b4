package transfer

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressBar draws an import's progress on w — only when w is a terminal, so that logs and
// pipes get the summary alone.
type progressBar struct {
	w       io.Writer
	visible bool
	bar     *progressbar.ProgressBar
}

func newProgressBar(w io.Writer, quiet bool) *progressBar {
	f, ok := w.(*os.File)
	return &progressBar{w: w, visible: !quiet && ok && term.IsTerminal(int(f.Fd()))}
}

// update is an ImportOptions.Progress; the bar is made at the first call, when the total is
// known.
func (p *progressBar) update(done, total int) {
	if !p.visible {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("importing"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("files"),
			progressbar.OptionShowIts(),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
	}
	_ = p.bar.Set(done)
}

// finish clears the bar so the summary starts on a clean line.
func (p *progressBar) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
