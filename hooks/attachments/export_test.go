package attachments

// ThumbSlotsInUse is how many thumbnail slots are taken, for tests that check when one is given
// back.
func ThumbSlotsInUse() int { return len(thumbSlots) }
