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

// Columns lists the kind's columns for the help text.
func (importData) Columns(kind string) string { return strings.Join(csvimport.Columns[kind], ", ") }

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
