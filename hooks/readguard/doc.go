// Package readguard keeps what a client's filter, sort and expand can reach inside what the
// caller may read.
package readguard
