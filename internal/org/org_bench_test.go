package org

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
)

// seedOrganisations writes n organisations spread over all municipalities,
// sectors and a few languages, straight through the service.
func seedOrganisations(b *testing.B, d *db.DB, n int) {
	b.Helper()
	s := &Service{DB: d, Now: db.Now}
	ms := municipality.All()
	r := rand.New(rand.NewPCG(1, 2))
	langs := []string{"sv", "ar", "so", "ti", "fa", "uk", "en"}
	words := []string{"Förening", "Idrottsklubb", "Kulturförening", "Läxhjälp", "Språkcafé", "Kvinnoförening", "Ungdomsförbund"}
	ctx := context.Background()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("%s %s %d", words[r.IntN(len(words))], ms[r.IntN(len(ms))].Name, i)
		ls := []string{"sv", langs[r.IntN(len(langs))]}
		_, err := s.CreateOrganisation(ctx, actor.System("bench"), Fields{
			Name: &name, Sector: &Sectors[r.IntN(len(Sectors))], Category: &Categories[r.IntN(len(Categories))],
			Municipality: &ms[r.IntN(len(ms))].Code, Languages: &ls, ConfirmDuplicate: true,
			Descriptions: map[string]string{"sv": "Verksamhet för nyanlända och alla andra."},
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindOrganisations measures one page of the registry list with a
// name word and two filters over 5,000 organisations.
func BenchmarkFindOrganisations(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect)
			seedOrganisations(b, d, 5000)
			s := &Service{DB: d, Now: db.Now}
			ctx := context.Background()
			filters := []Filter{
				{Query: "förening", County: "12", Language: "ar", Limit: 20},
				{Sector: "civil_society", Limit: 20},
				{Query: "språkcafé", Limit: 20},
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := s.FindOrganisations(ctx, filters[i%len(filters)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
