package attachments

// ThumbSlotsInUse is how many thumbnail slots are taken, for tests that check when one is given
// back.
func ThumbSlotsInUse() int { return len(thumbSlots) }

// ThumbFailures is how many thumbnails are remembered as ones that could not be made.
func ThumbFailures() int {
	failedThumbs.Lock()
	defer failedThumbs.Unlock()
	return len(failedThumbs.keys)
}
