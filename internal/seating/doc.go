// Package seating solves the two optimisation problems of a conference
// day: which workshop each participant goes to, and who sits at which
// table.
package seating
