package event

import (
	"context"
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/input"
	"github.com/samverkan/samverkan/internal/texts"
)

// Kinds of custom question.
const (
	TextQuestion   = "text"
	SingleChoice   = "single"
	MultipleChoice = "multiple"
)

// QuestionKinds lists the kinds in the order forms offer them.
var QuestionKinds = []string{TextQuestion, SingleChoice, MultipleChoice}

// Bounds of the custom questions and their answers.
const (
	MaxQuestions     = 20
	MaxOptions       = 20
	MaxAnswerLength  = 2000
	defaultAnswerLen = 500
)

// Question is one of an event's own questions on the registration form,
// beside the standard fields: a text, or one or several of its options.
type Question struct {
	ID        string            `json:"id"`
	Kind      string            `json:"kind"`
	Required  bool              `json:"required"`
	MaxLength int               `json:"max_length,omitempty"` // a text answer's
	MaxChosen int               `json:"max_chosen,omitempty"` // a multiple choice's; 0 is all
	Texts     map[string]string `json:"texts"`                // the question per language; Swedish required
	Options   []Option          `json:"options,omitempty"`
}

// Option is one choice of a question; Value is what the answer stores, so
// the wording can change without changing the answers.
type Option struct {
	Value string            `json:"value"`
	Texts map[string]string `json:"texts"`
}

// Label is the question in lang, by texts.Pick's rule.
func (q Question) Label(lang string) string { return pick(q.Texts, lang) }

// Label is the option in lang, by texts.Pick's rule.
func (o Option) Label(lang string) string { return pick(o.Texts, lang) }

func pick(m map[string]string, lang string) string {
	s, _ := texts.Pick(m, lang, func(s string) bool { return s != "" })
	return s
}

// Field is the form field and the error field of the question's answer.
func (q Question) Field() string { return "answer_" + q.ID }

var optionValue = regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)

// applyQuestions replaces the event's questions with f.Questions when
// given: a question that names an ID the event has keeps it (and its
// answers), others get a new one.
func (f Fields) applyQuestions(e *Event) error {
	if f.Questions == nil {
		return nil
	}
	in := *f.Questions
	if len(in) > MaxQuestions {
		return apperr.Invalidf("questions", "error.too_many", "max", MaxQuestions)
	}
	known := map[string]bool{}
	for _, q := range e.Questions {
		known[q.ID] = true
	}
	out := make([]Question, 0, len(in))
	for i, q := range in {
		field := "questions." + strconv.Itoa(i)
		if !known[q.ID] {
			q.ID = db.NewID()
		}
		known[q.ID] = false // one question per ID
		// The caller's slices and maps stay as given: cleaning works on copies.
		q.Texts, q.Options = maps.Clone(q.Texts), slices.Clone(q.Options)
		for j := range q.Options {
			q.Options[j].Texts = maps.Clone(q.Options[j].Texts)
		}
		if err := input.Choice(field+".kind", q.Kind, QuestionKinds, true); err != nil {
			return err
		}
		if err := cleanTexts(field+".texts", q.Texts, 300); err != nil {
			return err
		}
		switch q.Kind {
		case TextQuestion:
			if q.MaxLength == 0 {
				q.MaxLength = defaultAnswerLen
			}
			if err := input.Range(field+".max_length", &q.MaxLength, 1, MaxAnswerLength); err != nil {
				return err
			}
			q.Options, q.MaxChosen = nil, 0
		default:
			q.MaxLength = 0
			if len(q.Options) < 2 || len(q.Options) > MaxOptions {
				return apperr.Invalidf(field+".options", "error.range")
			}
			seen := map[string]bool{}
			for j := range q.Options {
				o := &q.Options[j]
				if o.Value == "" {
					o.Value = "o" + strconv.Itoa(j+1)
				}
				if !optionValue.MatchString(o.Value) || seen[o.Value] {
					return apperr.Invalidf(field+".options", "error.choice")
				}
				seen[o.Value] = true
				if err := cleanTexts(field+".options", o.Texts, 200); err != nil {
					return err
				}
			}
			if q.Kind == SingleChoice {
				q.MaxChosen = 0
			} else if err := input.Range(field+".max_chosen", &q.MaxChosen, 0, len(q.Options)); err != nil {
				return err
			}
		}
		out = append(out, q)
	}
	e.Questions = out
	return nil
}

// cleanTexts checks a wording per language in place: known languages,
// single lines, Swedish present.
func cleanTexts(field string, m map[string]string, max int) error {
	for lang, s := range m {
		if err := input.TextLanguage(field, lang); err != nil {
			return err
		}
		v, err := input.Line(field, s, max, false)
		if err != nil {
			return err
		}
		if v == "" {
			delete(m, lang)
		} else {
			m[lang] = v
		}
	}
	if m["sv"] == "" {
		return apperr.Invalidf(field, "error.required")
	}
	return nil
}

// Answers are a registration's answers to the custom questions: question
// ID → the text, the chosen option, or the chosen options.
type Answers map[string][]string

// checkAnswers cleans the answers against the event's questions, naming
// the question's field on the first error; an answer to a question the
// event does not ask is refused.
func checkAnswers(qs []Question, in Answers) (Answers, error) {
	out := Answers{}
	byID := map[string]bool{}
	for _, q := range qs {
		byID[q.ID] = true
		vals := in[q.ID]
		switch q.Kind {
		case TextQuestion:
			s := ""
			if len(vals) > 1 {
				return nil, apperr.Invalidf(q.Field(), "error.choice")
			}
			if len(vals) == 1 {
				var err error
				if s, err = input.Text(q.Field(), vals[0], q.MaxLength, false); err != nil {
					return nil, err
				}
			}
			if s != "" {
				out[q.ID] = []string{s}
			}
		default:
			chosen := []string{}
			for _, v := range vals {
				if v == "" {
					continue
				}
				ok := false
				for _, o := range q.Options {
					ok = ok || o.Value == v
				}
				if !ok || input.Contains(chosen, v) {
					return nil, apperr.Invalidf(q.Field(), "error.choice")
				}
				chosen = append(chosen, v)
			}
			if q.Kind == SingleChoice && len(chosen) > 1 || q.MaxChosen > 0 && len(chosen) > q.MaxChosen {
				return nil, apperr.Invalidf(q.Field(), "error.too_many", "max", max(q.MaxChosen, 1))
			}
			if len(chosen) > 0 {
				sort.Strings(chosen)
				out[q.ID] = chosen
			}
		}
		if q.Required && len(out[q.ID]) == 0 {
			return nil, apperr.Invalidf(q.Field(), "error.required")
		}
	}
	for id := range in {
		if !byID[id] {
			return nil, apperr.Invalidf("answer_"+id, "error.not_found")
		}
	}
	return out, nil
}

// writeQuestions brings the event's question rows to e.Questions: kept
// ones UPDATEd (their answers stay), new ones inserted, dropped ones
// deleted with their answers.
func writeQuestions(ctx context.Context, tx *db.Tx, e Event) error {
	old, err := db.Strings(ctx, tx, `SELECT id FROM event_questions WHERE event_id = ?`, e.ID)
	if err != nil {
		return apperr.Wrap(err, "questions")
	}
	keep := map[string]bool{}
	for i, q := range e.Questions {
		keep[q.ID] = true
		t, _ := json.Marshal(q.Texts)
		o, _ := json.Marshal(q.Options)
		if input.Contains(old, q.ID) {
			_, err = tx.Exec(ctx, `UPDATE event_questions SET position = ?, kind = ?, required = ?, max_length = ?, max_chosen = ?, texts = ?, options = ?
				WHERE id = ? AND event_id = ?`, i, q.Kind, q.Required, q.MaxLength, q.MaxChosen, string(t), string(o), q.ID, e.ID)
		} else {
			_, err = tx.Exec(ctx, `INSERT INTO event_questions (id, event_id, position, kind, required, max_length, max_chosen, texts, options)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.ID, e.ID, i, q.Kind, q.Required, q.MaxLength, q.MaxChosen, string(t), string(o))
		}
		if err != nil {
			return apperr.Wrap(err, "question")
		}
	}
	for _, id := range old {
		if !keep[id] {
			if _, err := tx.Exec(ctx, `DELETE FROM event_questions WHERE id = ?`, id); err != nil {
				return apperr.Wrap(err, "drop question")
			}
		}
	}
	return nil
}

// loadQuestions reads the questions of the given events, in order.
func loadQuestions(ctx context.Context, q db.Querier, ids []string) (map[string][]Question, error) {
	out := map[string][]Question{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := db.In(ids)
	err := db.Each(ctx, q, `SELECT event_id, id, kind, required, max_length, max_chosen, texts, options FROM event_questions
		WHERE event_id IN (`+in+`) ORDER BY event_id, position`, args, func(row db.Scanner) error {
		var ev, t, o string
		var qu Question
		if err := row.Scan(&ev, &qu.ID, &qu.Kind, &qu.Required, &qu.MaxLength, &qu.MaxChosen, &t, &o); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(t), &qu.Texts); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(o), &qu.Options); err != nil {
			return err
		}
		out[ev] = append(out[ev], qu)
		return nil
	})
	return out, apperr.Wrap(err, "questions")
}

// writeAnswers replaces a registration's answers (its own rows).
func writeAnswers(ctx context.Context, tx *db.Tx, regID string, a Answers) error {
	if _, err := tx.Exec(ctx, `DELETE FROM registration_answers WHERE registration_id = ?`, regID); err != nil {
		return apperr.Wrap(err, "answers")
	}
	return insertAnswers(ctx, tx, regID, a)
}

// insertAnswers adds a new registration's answers.
func insertAnswers(ctx context.Context, tx *db.Tx, regID string, a Answers) error {
	for qid, vals := range a {
		for _, v := range vals {
			if _, err := tx.Exec(ctx, `INSERT INTO registration_answers (registration_id, question_id, value) VALUES (?, ?, ?)`, regID, qid, v); err != nil {
				return apperr.Wrap(err, "answer")
			}
		}
	}
	return nil
}

// loadAnswers reads the answers of the given registrations.
func loadAnswers(ctx context.Context, q db.Querier, regIDs []string) (map[string]Answers, error) {
	out := map[string]Answers{}
	if len(regIDs) == 0 {
		return out, nil
	}
	in, args := db.In(regIDs)
	err := db.Each(ctx, q, `SELECT registration_id, question_id, value FROM registration_answers WHERE registration_id IN (`+in+`)
		ORDER BY registration_id, question_id, value`, args, func(row db.Scanner) error {
		var r, qid, v string
		if err := row.Scan(&r, &qid, &v); err != nil {
			return err
		}
		if out[r] == nil {
			out[r] = Answers{}
		}
		out[r][qid] = append(out[r][qid], v)
		return nil
	})
	return out, apperr.Wrap(err, "answers")
}
