package markdown

// Tame exposes the pre-pass to the external tests.
var Tame = tame
