package web

import (
	"io"
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/csvimport"
)

type importData struct {
	Kind    string
	Content string // the file, carried to the confirmation
	Plan    *csvimport.Plan
}

func (importData) Kinds() []string {
	return []string{csvimport.Organisations, csvimport.Venues, csvimport.Activities}
}

// Help describes the kind's columns for the help text.
func (importData) Help(kind string) []csvimport.ColumnHelp { return csvimport.Help(kind) }

// Writes counts the rows the confirmation will write: the button says so.
func (d importData) Writes() int {
	if d.Plan == nil {
		return 0
	}
	return d.Plan.Created + d.Plan.Updated
}

// importTemplate hands out the empty file of a kind to fill in. It holds
// no data, so it needs no sign-in: the API's clients fetch it too.
func (h *Handler) importTemplate(w http.ResponseWriter, r *http.Request) error {
	kind := strings.TrimSuffix(r.PathValue("kind"), ".csv")
	if _, ok := csvimport.Template(kind); !ok {
		return apperr.ErrNotFound()
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="samverkan-`+kind+`.csv"`)
	return csvimport.WriteTemplate(w, kind)
}

func (h *Handler) importPage(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if !a.IsStaff() {
		return apperr.ErrForbidden()
	}
	p := h.page(r, "import.title")
	p.Data = importData{Kind: csvimport.Activities}
	h.render(w, r, http.StatusOK, "import", p)
	return nil
}

// importCSV shows the dry run of an uploaded file; only the confirmation
// (apply=1, with the same content) writes.
func (h *Handler) importCSV(w http.ResponseWriter, r *http.Request) error {
	a, err := requireSignIn(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil && err != http.ErrNotMultipart {
		return apperr.New(apperr.TooLarge, "", "error.too_large")
	}
	d := importData{Kind: r.FormValue("kind"), Content: r.FormValue("content")}
	if f, _, err := r.FormFile("file"); err == nil {
		b, err := io.ReadAll(io.LimitReader(f, 1<<20))
		f.Close()
		if err != nil {
			return apperr.New(apperr.TooLarge, "", "error.too_large")
		}
		d.Content = string(b)
	}
	apply := r.FormValue("apply") == "1"
	pg := h.page(r, "import.title")
	plan, err := h.Importer.Run(r.Context(), a, d.Kind, strings.NewReader(d.Content), apply)
	if err != nil {
		pg.Data = d
		return h.formError(w, r, "import", pg, err)
	}
	plan.Translate(pg.P.T)
	d.Plan = &plan
	pg.Data = d
	h.render(w, r, http.StatusOK, "import", pg)
	return nil
}
