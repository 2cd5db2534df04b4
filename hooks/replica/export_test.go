package replica

// ReplaceNightlyCheckpoint exposes replaceNightlyCheckpoint to the external tests.
var ReplaceNightlyCheckpoint = replaceNightlyCheckpoint
