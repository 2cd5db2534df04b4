package fanout

// FastSends is the number of messages sent on the fast path so far.
func FastSends() int64 { return fastSends.Load() }

// ModelledRule exposes modelledRule to the tests.
var ModelledRule = modelledRule
