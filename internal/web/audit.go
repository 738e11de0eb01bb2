package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/catalog"
)

// auditPageSize is one page of the audit log on the web.
const auditPageSize = 50

// auditRow is an entry (people and records named by the log) with the
// record's page and the details to show.
type auditRow struct {
	audit.Entry
	EntityURL string // the record's page, where it has one and still exists
	Details   []auditDetail
}

type auditDetail struct{ Key, Value string }

type auditData struct {
	Rows    []auditRow
	Query   url.Values // the filters, kept in the form
	Actions []string
	Types   []string
	Older   string // the next page's URL, "" on the last
	Newest  string // the first page's URL, "" on it
}

// AuditAction names an action ("activity.create") in the page's language;
// an action without a message shows as it is.
func (p Page) AuditAction(action string) string { return p.orCode("audit.action."+action, action) }

// AuditType names a record type likewise.
func (p Page) AuditType(typ string) string { return p.orCode("audit.type."+typ, typ) }

// AuditActionLang and AuditTypeLang are the lang and dir of those names
// where they fell back to another language (the audit page is staff-only,
// so outside Swedish, English and Arabic its words may be Swedish).
func (p Page) AuditActionLang(action string) template.HTMLAttr {
	return p.keyLang("audit.action." + action)
}

// AuditTypeLang: see AuditActionLang.
func (p Page) AuditTypeLang(typ string) template.HTMLAttr { return p.keyLang("audit.type." + typ) }

func (p Page) keyLang(key string) template.HTMLAttr {
	if !p.P.Has(key) {
		if _, l := p.P.Lookup(key); l.Code != "" {
			return langAttr(p.Lang.Code, l.Code)
		}
	}
	return ""
}

func (p Page) orCode(key, code string) string {
	if s := p.P.T(key); s != key {
		return s
	}
	return code
}

// entityPages are the record types with a public page.
var entityPages = map[string]string{"organisation": "/organisations/", "activity": "/activities/", "venue": "/venues/"}

func (h *Handler) auditPage(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	q.Del("lang")
	p := h.page(r, "audit.title")
	d := auditData{Query: q}
	if q.Get("before") != "" {
		d.Newest = auditURL(q, "")
	}
	if d.Actions, d.Types, err = h.Audit.Kinds(r.Context(), a); err != nil {
		return err
	}
	f, err := audit.ParseFilter(q, catalog.Stockholm)
	if err != nil {
		p.Data = d
		return h.formError(w, r, "audit", p, err)
	}
	if f.Limit > auditPageSize || q.Get("limit") == "" {
		f.Limit = auditPageSize
	}
	f.Limit++ // one more says whether there is an older page
	entries, err := h.Audit.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	if len(entries) == f.Limit {
		entries = entries[:len(entries)-1]
		d.Older = auditURL(q, entries[len(entries)-1].ID)
	}
	for _, e := range entries {
		row := auditRow{Entry: e}
		if prefix, ok := entityPages[e.EntityType]; ok && !e.EntityGone {
			row.EntityURL = prefix + e.EntityID
		}
		for k, v := range e.Details {
			if n := e.DetailNames[k]; n != "" {
				v = n
			}
			row.Details = append(row.Details, auditDetail{k, v})
		}
		sort.Slice(row.Details, func(i, j int) bool { return row.Details[i].Key < row.Details[j].Key })
		d.Rows = append(d.Rows, row)
	}
	p.Data = d
	h.render(w, r, http.StatusOK, "audit", p)
	return nil
}

// auditURL is the page with the same filters, from the entry before on
// (the newest when before is "").
func auditURL(q url.Values, before string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = v
	}
	c.Del("before")
	if before != "" {
		c.Set("before", before)
	}
	return "/admin/audit?" + c.Encode()
}
