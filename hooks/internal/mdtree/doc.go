// Package mdtree reads and writes trees of markdown pages: Wiki.js storage
// exports and Hugo content trees.
//
// A tree maps each .md file to a page: a locale and a page path. The rules
// differ between the two formats and are spelled out on Read. Reading never
// stops at a bad file; it is reported as a FileError and the rest is read,
// so one broken page does not block the import of a thousand good ones.
package mdtree
