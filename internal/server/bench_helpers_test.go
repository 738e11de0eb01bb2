package server_test

import (
	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/org"
)

type eventFields = event.Fields

func systemActor() actor.Actor { return actor.System("bench") }

func orgFields(name, sector, cat, muni string) org.Fields {
	return org.Fields{Name: &name, Sector: &sector, Category: &cat, Municipality: &muni}
}
