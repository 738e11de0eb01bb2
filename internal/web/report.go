package web

import (
	"bytes"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/chart"
	"github.com/samverkan/samverkan/internal/event"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/markdown"
	"github.com/samverkan/samverkan/internal/request"
	"github.com/samverkan/samverkan/internal/tabular"
)

// reportRoutes: an event's summary report as a page (printable on A4), as
// Markdown, as a workbook and its participants as CSV; the organisers'
// editor of the summary and its publishing; a series' report, its events
// side by side.
func (h *Handler) reportRoutes(mux *http.ServeMux) {
	mux.Handle("GET /events/{id}/report", h.fn(h.showReport))
	mux.Handle("GET /events/{id}/report.md", h.fn(h.reportMarkdown))
	mux.Handle("GET /events/{id}/report.xlsx", h.fn(h.reportXLSX))
	mux.Handle("GET /events/{id}/report.csv", h.fn(h.reportCSV))
	mux.Handle("GET /events/{id}/report/edit", h.fn(h.editReport))
	mux.Handle("POST /events/{id}/report/edit", h.fn(h.saveReport))
	mux.Handle("GET /series/{id}/report", h.fn(h.showSeriesReport))
	mux.Handle("GET /series/{id}/report.md", h.fn(h.seriesMarkdown))
	mux.Handle("GET /series/{id}/report.xlsx", h.fn(h.seriesXLSX))
}

// reportText is the wording of a report in the reader's language: every
// label the page, the Markdown and the workbook share.
type reportText struct {
	p    Page
	lang string
	rtl  bool
}

func (t reportText) T(key string, args ...any) string { return t.p.P.T(key, args...) }

func (t reportText) sector(k string) string {
	if k == "" {
		return t.T("report.not_stated")
	}
	return t.T("sector." + k)
}

func (t reportText) category(k string) string {
	if k == "" {
		return t.T("report.not_stated")
	}
	return t.T("category." + k)
}

func (t reportText) theme(k string) string {
	if k == "" {
		return t.T("report.no_theme")
	}
	return t.T("theme." + k)
}

func (t reportText) title(r event.Report) string {
	for _, l := range []string{t.lang, "sv", "en"} {
		if s := r.Titles[l]; s != "" {
			return s
		}
	}
	return r.EventID
}

// sectors is the participants-per-sector chart, one series per report.
func (t reportText) sectors(rs []event.Report) chart.Chart {
	c := chart.Chart{Caption: t.T("report.by_sector"), LabelHeader: t.T("report.sector"), CountHeader: t.T("report.count"),
		ShareHeader: t.T("report.share"), TotalLabel: t.T("report.total"), RTL: t.rtl}
	keys := map[string]bool{}
	var order []string
	for _, r := range rs {
		for _, s := range r.Sectors {
			if !keys[s.Key] {
				keys[s.Key] = true
				order = append(order, s.Key)
			}
		}
	}
	for _, k := range order {
		c.Labels = append(c.Labels, t.sector(k))
	}
	for _, r := range rs {
		s := chart.Series{Name: t.title(r)}
		for _, k := range order {
			n := 0
			for _, x := range r.Sectors {
				if x.Key == k {
					n = x.N
				}
			}
			s.Counts = append(s.Counts, n)
		}
		c.Series = append(c.Series, s)
	}
	return c
}

func (t reportText) categories(r event.Report) chart.Chart {
	c := chart.Chart{Caption: t.T("report.by_category"), LabelHeader: t.T("report.category"), CountHeader: t.T("report.count"),
		ShareHeader: t.T("report.share"), RTL: t.rtl}
	s := chart.Series{Name: t.title(r)}
	for _, x := range r.Categories {
		c.Labels = append(c.Labels, t.category(x.Key))
		s.Counts = append(s.Counts, x.N)
	}
	c.Series = []chart.Series{s}
	return c
}

// seriesThemes is a series' notes of one kind per theme, events side by side.
func (t reportText) seriesThemes(sr event.SeriesReport, obstacles bool) chart.Chart {
	key := "report.opportunities_per_theme"
	if obstacles {
		key = "report.obstacles_per_theme"
	}
	c := chart.Chart{Caption: t.T(key), LabelHeader: t.T("report.theme"), CountHeader: t.T("report.notes"), ShareHeader: t.T("report.share"), RTL: t.rtl}
	for _, th := range sr.Themes {
		c.Labels = append(c.Labels, t.theme(th.Theme))
	}
	for j, r := range sr.Events {
		s := chart.Series{Name: t.title(r)}
		for _, th := range sr.Themes {
			if obstacles {
				s.Counts = append(s.Counts, th.Obstacles[j])
			} else {
				s.Counts = append(s.Counts, th.Opportunities[j])
			}
		}
		c.Series = append(c.Series, s)
	}
	return c
}

// note is a note as the report lists it: with how many groups raised it.
func (t reportText) note(n event.ReportNote) string {
	if n.Merged > 0 {
		return n.Body + " (" + t.T("report.raised_by", "n", n.Groups()) + ")"
	}
	return n.Body
}

func (h *Handler) reportTextOf(r *http.Request, titleKey string) reportText {
	p := h.page(r, titleKey)
	return reportText{p: p, lang: p.Lang.Code, rtl: p.Lang.RTL}
}

// reportView is what the report page shows.
type reportView struct {
	event.Report
	Title, Summary, SummaryLang string
	SummaryHTML                 template.HTML
	Sectors, Categories         template.HTML
	Lang                        string
}

func (h *Handler) showReport(w http.ResponseWriter, r *http.Request) error {
	rep, t, err := h.eventReport(r)
	if err != nil {
		return err
	}
	v := reportView{Report: rep, Title: t.title(rep), Lang: t.lang, Sectors: t.sectors([]event.Report{rep}).HTML()}
	if len(rep.Categories) > 0 {
		v.Categories = t.categories(rep).HTML()
	}
	v.Summary, v.SummaryLang = rep.Summary(t.lang)
	v.SummaryHTML = markdown.Render(v.Summary, 3)
	p := t.p
	p.Title = v.Title + " – " + p.Title
	p.Data = v
	h.render(w, r, http.StatusOK, "report", p)
	return nil
}

// reportDoc writes an event's report as Markdown: every text escaped by
// markdown.Doc, the organisers' summary included as its plain words.
func reportDoc(d *markdown.Doc, t reportText, rep event.Report, level int) {
	d.Heading(level, t.title(rep))
	d.Paragraph(rep.StartsAt.In(event.Stockholm).Format("2006-01-02") + " · " + rep.Event.MunicipalityName)
	if s, _ := rep.Summary(t.lang); s != "" {
		d.Heading(level+1, t.T("report.summary"))
		d.Paragraph(s)
	}
	d.Heading(level+1, t.T("report.participants"))
	table(d, t.sectors([]event.Report{rep}))
	if len(rep.Categories) > 0 {
		table(d, t.categories(rep))
	}
	d.Heading(level+1, t.T("report.organisations"))
	d.Paragraph(t.T("report.organisations_count", "n", len(rep.Organisations)))
	d.List(rep.Organisations...)
	if rep.OtherOrganisations > 0 {
		d.Paragraph(t.T("report.other_organisations", "n", rep.OtherOrganisations))
	}
	if len(rep.Sessions) > 0 {
		d.Heading(level+1, t.T("report.programme"))
		var items []string
		for _, s := range rep.Sessions {
			items = append(items, sessionLine(t, s))
			for _, w := range s.Workshops {
				items = append(items, "– "+w.In(t.lang).Title+people(w.Inspirers))
			}
		}
		d.List(items...)
	}
	d.Heading(level+1, t.T("report.harvest"))
	if len(rep.Themes) == 0 {
		d.Paragraph(t.T("report.no_notes"))
	}
	for _, th := range rep.Themes {
		d.Heading(level+2, t.theme(th.Theme))
		for _, k := range []struct {
			key   string
			notes []event.ReportNote
		}{{"report.obstacles", th.Obstacles}, {"report.opportunities", th.Opportunities}} {
			if len(k.notes) == 0 {
				continue
			}
			d.Paragraph(t.T(k.key))
			var items []string
			for _, n := range k.notes {
				items = append(items, t.note(n))
			}
			d.List(items...)
		}
	}
}

// table writes a chart to Markdown: its caption, then its table.
func table(d *markdown.Doc, c chart.Chart) {
	d.Paragraph(c.Caption)
	d.Table(c.Cells())
}

func sessionLine(t reportText, s event.Session) string {
	return s.StartsAt.In(event.Stockholm).Format("15:04") + "–" + s.EndsAt.In(event.Stockholm).Format("15:04") + " " + s.In(t.lang).Title + people(s.Speakers)
}

func people(ps []event.Person) string {
	if len(ps) == 0 {
		return ""
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return " (" + strings.Join(names, "; ") + ")"
}

// Content types of the downloads.
const (
	mdType   = "text/markdown; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// send answers with a file to save: it is written in full first, so a
// failure still gets the error page instead of half a file.
func send(w http.ResponseWriter, ctype, name string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err := w.Write(b.Bytes())
	return err
}

// eventReport is the report of the request's event for its reader, and
// the reader's wording.
func (h *Handler) eventReport(r *http.Request) (event.Report, reportText, error) {
	rep, err := h.Events.Report(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	return rep, h.reportTextOf(r, "report.title"), err
}

// seriesReport is eventReport for the request's series.
func (h *Handler) seriesReport(r *http.Request) (event.SeriesReport, reportText, error) {
	sr, err := h.Events.SeriesReport(r.Context(), request.Actor(r.Context()), r.PathValue("id"))
	return sr, h.reportTextOf(r, "report.series_title"), err
}

func (h *Handler) reportMarkdown(w http.ResponseWriter, r *http.Request) error {
	rep, t, err := h.eventReport(r)
	if err != nil {
		return err
	}
	var d markdown.Doc
	reportDoc(&d, t, rep, 1)
	return send(w, mdType, "report-"+rep.EventID+".md", func(b io.Writer) error { _, err := io.WriteString(b, d.String()); return err })
}

// sheet is a chart's table as a sheet with numbers as numbers.
func sheet(name string, c chart.Chart) tabular.Table {
	header, _ := c.Cells()
	tb := tabular.Table{Name: name, Header: header}
	for _, row := range c.Rows() {
		line := []any{row.Label}
		for _, cell := range row.Cells {
			line = append(line, cell.Count, cell.Percent)
		}
		tb.Rows = append(tb.Rows, line)
	}
	return tb
}

// reportTables are an event's report as sheets: participants, kinds of
// organisation, organisations, programme, notes.
func reportTables(t reportText, rep event.Report) []tabular.Table {
	orgs := tabular.Table{Name: t.T("report.organisations"), Header: []string{t.T("report.organisation")}}
	for _, o := range rep.Organisations {
		orgs.Rows = append(orgs.Rows, []any{o})
	}
	if rep.OtherOrganisations > 0 {
		orgs.Rows = append(orgs.Rows, []any{t.T("report.other_organisations", "n", rep.OtherOrganisations)})
	}
	prog := tabular.Table{Name: t.T("report.programme"), Header: []string{t.T("report.starts"), t.T("report.ends"), t.T("report.item"), t.T("report.speakers")}}
	for _, s := range rep.Sessions {
		prog.Rows = append(prog.Rows, []any{s.StartsAt.In(event.Stockholm).Format("2006-01-02 15:04"), s.EndsAt.In(event.Stockholm).Format("15:04"), s.In(t.lang).Title, strings.TrimSuffix(strings.TrimPrefix(people(s.Speakers), " ("), ")")})
		for _, w := range s.Workshops {
			prog.Rows = append(prog.Rows, []any{nil, nil, w.In(t.lang).Title, strings.TrimSuffix(strings.TrimPrefix(people(w.Inspirers), " ("), ")")})
		}
	}
	notes := tabular.Table{Name: t.T("report.harvest"), Header: []string{t.T("report.theme"), t.T("report.kind"), t.T("report.note"), t.T("report.groups")}}
	for _, th := range rep.Themes {
		for _, k := range []struct {
			key   string
			notes []event.ReportNote
		}{{"report.obstacles", th.Obstacles}, {"report.opportunities", th.Opportunities}} {
			for _, n := range k.notes {
				notes.Rows = append(notes.Rows, []any{t.theme(th.Theme), t.T(k.key), n.Body, n.Groups()})
			}
		}
	}
	return []tabular.Table{sheet(t.T("report.participants"), t.sectors([]event.Report{rep})), sheet(t.T("report.category"), t.categories(rep)), orgs, prog, notes}
}

func (h *Handler) reportXLSX(w http.ResponseWriter, r *http.Request) error {
	rep, t, err := h.eventReport(r)
	if err != nil {
		return err
	}
	return send(w, xlsxType, "report-"+rep.EventID+".xlsx", func(b io.Writer) error { return tabular.WriteXLSX(b, reportTables(t, rep)...) })
}

func (h *Handler) reportCSV(w http.ResponseWriter, r *http.Request) error {
	rep, t, err := h.eventReport(r)
	if err != nil {
		return err
	}
	return send(w, "text/csv; charset=utf-8", "report-"+rep.EventID+".csv", func(b io.Writer) error {
		return tabular.WriteCSV(b, sheet("", t.sectors([]event.Report{rep})))
	})
}

// reportEditor is the organisers' form: a summary per language.
type reportEditor struct {
	Report    event.Report
	Title     string
	Summaries map[string]string
	Published bool
	Languages []i18n.Lang
}

func (h *Handler) reportEditorPage(r *http.Request, rep event.Report) Page {
	t := h.reportTextOf(r, "reportform.title")
	p := t.p
	p.Title = t.title(rep) + " – " + p.Title
	p.Data = reportEditor{Report: rep, Title: t.title(rep), Summaries: rep.Summaries, Published: rep.Published, Languages: i18n.Languages}
	return p
}

func (h *Handler) editReport(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	rep, err := h.Events.Report(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return err
	}
	if !rep.Full {
		return apperr.ErrForbidden()
	}
	h.render(w, r, http.StatusOK, "report_edit", h.reportEditorPage(r, rep))
	return nil
}

func (h *Handler) saveReport(w http.ResponseWriter, r *http.Request) error {
	who, err := requireSignIn(r)
	if err != nil {
		return err
	}
	_ = r.ParseForm()
	f := event.ReportFields{Summaries: map[string]string{}}
	for _, l := range i18n.Languages {
		f.Summaries[l.Code] = r.PostFormValue("summary_" + l.Code)
	}
	published := r.PostFormValue("published") == "1"
	f.Published = &published
	if _, err := h.Events.UpdateReport(r.Context(), who, r.PathValue("id"), f); err != nil {
		rep, lerr := h.Events.Report(r.Context(), who, r.PathValue("id"))
		if lerr != nil {
			return lerr
		}
		p := h.reportEditorPage(r, rep)
		ed := p.Data.(reportEditor)
		ed.Summaries, ed.Published = f.Summaries, published
		p.Data = ed
		return h.formError(w, r, "report_edit", p, err)
	}
	return redirect(w, r, "/events/"+r.PathValue("id")+"/report?done=report_saved")
}

// seriesView is what the series page shows.
type seriesView struct {
	event.SeriesReport
	Sectors, Obstacles, Opportunities template.HTML
	Titles                            []string
	Lang                              string
}

func (h *Handler) showSeriesReport(w http.ResponseWriter, r *http.Request) error {
	sr, t, err := h.seriesReport(r)
	if err != nil {
		return err
	}
	v := seriesView{SeriesReport: sr, Lang: t.lang, Sectors: t.sectors(sr.Events).HTML()}
	if len(sr.Themes) > 0 {
		v.Obstacles, v.Opportunities = t.seriesThemes(sr, true).HTML(), t.seriesThemes(sr, false).HTML()
	}
	for _, e := range sr.Events {
		v.Titles = append(v.Titles, t.title(e))
	}
	p := t.p
	p.Title = sr.Title + " – " + p.Title
	p.Data = v
	h.render(w, r, http.StatusOK, "series_report", p)
	return nil
}

func (h *Handler) seriesMarkdown(w http.ResponseWriter, r *http.Request) error {
	sr, t, err := h.seriesReport(r)
	if err != nil {
		return err
	}
	var d markdown.Doc
	d.Heading(1, sr.Title)
	d.Paragraph(t.T("report.totals", "participants", sr.Participants, "organisations", sr.Organisations, "events", len(sr.Events)))
	table(&d, t.sectors(sr.Events))
	if len(sr.Themes) > 0 {
		table(&d, t.seriesThemes(sr, true))
		table(&d, t.seriesThemes(sr, false))
	}
	for _, rep := range sr.Events {
		reportDoc(&d, t, rep, 2)
	}
	return send(w, mdType, "series-report-"+sr.SeriesID+".md", func(b io.Writer) error { _, err := io.WriteString(b, d.String()); return err })
}

func (h *Handler) seriesXLSX(w http.ResponseWriter, r *http.Request) error {
	sr, t, err := h.seriesReport(r)
	if err != nil {
		return err
	}
	tables := []tabular.Table{sheet(t.T("report.participants"), t.sectors(sr.Events))}
	if len(sr.Themes) > 0 {
		tables = append(tables, sheet(t.T("report.obstacles"), t.seriesThemes(sr, true)), sheet(t.T("report.opportunities"), t.seriesThemes(sr, false)))
	}
	orgs := tabular.Table{Name: t.T("report.organisations"), Header: []string{t.T("report.event"), t.T("report.organisation")}}
	for _, rep := range sr.Events {
		for _, o := range rep.Organisations {
			orgs.Rows = append(orgs.Rows, []any{t.title(rep), o})
		}
		if rep.OtherOrganisations > 0 {
			orgs.Rows = append(orgs.Rows, []any{t.title(rep), t.T("report.other_organisations", "n", rep.OtherOrganisations)})
		}
	}
	tables = append(tables, orgs)
	return send(w, xlsxType, "series-report-"+sr.SeriesID+".xlsx", func(b io.Writer) error { return tabular.WriteXLSX(b, tables...) })
}
