// Package frontmatter reads and writes the YAML front matter of markdown
// pages, as found in Wiki.js storage exports and Hugo content trees.
//
// Parsing keeps the front matter as YAML nodes rather than decoding it into
// Go values, so that writing a page back out keeps its key order, its quoting
// and its dates exactly as they were written: an export that rewrites every
// file it did not change makes noisy diffs in the repository it lands in.
package frontmatter
