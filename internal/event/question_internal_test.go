package event

import (
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
)

func TestQuestionRules(t *testing.T) {
	opts := func(vals ...string) []Option {
		var out []Option
		for _, v := range vals {
			out = append(out, Option{Value: v, Texts: map[string]string{"sv": v}})
		}
		return out
	}
	sv := map[string]string{"sv": "Fråga?"}
	for _, c := range []struct {
		name  string
		q     Question
		field string // "" = accepted
	}{
		{"text", Question{Kind: TextQuestion, Texts: sv}, ""},
		{"unknown kind", Question{Kind: "slider", Texts: sv}, "questions.0.kind"},
		{"no Swedish wording", Question{Kind: TextQuestion, Texts: map[string]string{"en": "Q?"}}, "questions.0.texts"},
		{"a line break in the wording", Question{Kind: TextQuestion, Texts: map[string]string{"sv": "a\nb"}}, "questions.0.texts"},
		{"answer length too long", Question{Kind: TextQuestion, MaxLength: MaxAnswerLength + 1, Texts: sv}, "questions.0.max_length"},
		{"one option only", Question{Kind: SingleChoice, Texts: sv, Options: opts("a")}, "questions.0.options"},
		{"same value twice", Question{Kind: SingleChoice, Texts: sv, Options: opts("a", "a")}, "questions.0.options"},
		{"a value with spaces", Question{Kind: MultipleChoice, Texts: sv, Options: opts("a b", "c")}, "questions.0.options"},
		{"more to choose than there are", Question{Kind: MultipleChoice, MaxChosen: 3, Texts: sv, Options: opts("a", "b")}, "questions.0.max_chosen"},
		{"multiple", Question{Kind: MultipleChoice, MaxChosen: 2, Texts: sv, Options: opts("a", "b", "c")}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := Event{}
			err := Fields{Questions: &[]Question{c.q}}.applyQuestions(&e)
			if got := apperr.As(err).Field; err != nil && got != c.field || err == nil && c.field != "" {
				t.Errorf("got %v, want field %q", err, c.field)
			}
		})
	}
	many := make([]Question, MaxQuestions+1)
	if err := (Fields{Questions: &many}).applyQuestions(&Event{}); apperr.As(err).Field != "questions" {
		t.Errorf("%d questions: %v", len(many), err)
	}
}

func TestCheckAnswers(t *testing.T) {
	qs := []Question{
		{ID: "w", Kind: SingleChoice, Required: true, Options: []Option{{Value: "a"}, {Value: "b"}}},
		{ID: "n", Kind: MultipleChoice, MaxChosen: 2, Options: []Option{{Value: "x"}, {Value: "y"}, {Value: "z"}}},
		{ID: "t", Kind: TextQuestion, MaxLength: 5},
	}
	for _, c := range []struct {
		name  string
		in    Answers
		field string
		want  string // the stored answers, when accepted
	}{
		{"required only", Answers{"w": {"a"}}, "", "w=a"},
		{"all, choices sorted", Answers{"w": {"b"}, "n": {"z", "x"}, "t": {" hej "}}, "", "n=x\x1fz\x1et=hej\x1ew=b"},
		{"empty text dropped", Answers{"w": {"a"}, "t": {"  "}}, "", "w=a"},
		{"required missing", Answers{"n": {"x"}}, "answer_w", ""},
		{"not an option", Answers{"w": {"c"}}, "answer_w", ""},
		{"two of a single", Answers{"w": {"a", "b"}}, "answer_w", ""},
		{"three of two", Answers{"w": {"a"}, "n": {"x", "y", "z"}}, "answer_n", ""},
		{"chosen twice", Answers{"w": {"a"}, "n": {"x", "x"}}, "answer_n", ""},
		{"text too long", Answers{"w": {"a"}, "t": {"sex tecken"}}, "answer_t", ""},
		{"two texts", Answers{"w": {"a"}, "t": {"a", "b"}}, "answer_t", ""},
		{"control character", Answers{"w": {"a"}, "t": {"a\x00"}}, "answer_t", ""},
		{"unknown question", Answers{"w": {"a"}, "q": {"x"}}, "answer_q", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := checkAnswers(qs, c.in)
			if c.field != "" {
				if apperr.As(err).Field != c.field {
					t.Errorf("got %v, want field %s", err, c.field)
				}
				return
			}
			if err != nil || answerKey(got) != c.want {
				t.Errorf("got %q %v, want %q", answerKey(got), err, c.want)
			}
		})
	}
}

func TestLateFee(t *testing.T) {
	deadline := time.Date(2027, 10, 6, 22, 0, 0, 0, time.UTC)
	before, after := deadline.Add(-time.Hour), deadline.Add(24*time.Hour)
	promotedLate := deadline.Add(12 * time.Hour)
	promotedEarly := deadline.Add(-48 * time.Hour)
	for _, c := range []struct {
		name    string
		binding bool
		r       Registration
		now     time.Time
		want    int
	}{
		{"before the deadline", true, Registration{Status: Confirmed}, before, 0},
		{"after the deadline", true, Registration{Status: Confirmed}, after, 400},
		{"not binding", false, Registration{Status: Confirmed}, after, 0},
		{"on the waiting list", true, Registration{Status: Waitlisted}, after, 0},
		{"a walk-in", true, Registration{Status: Confirmed, WalkIn: true}, after, 0},
		{"promoted late, within two days", true, Registration{Status: Confirmed, PromotedAt: &promotedLate}, after, 0},
		{"promoted late, after two days", true, Registration{Status: Confirmed, PromotedAt: &promotedLate}, promotedLate.Add(LateGrace + time.Minute), 400},
		{"promoted before the deadline", true, Registration{Status: Confirmed, PromotedAt: &promotedEarly}, after, 400},
	} {
		if got := lateFee(c.binding, &deadline, 400, c.r, c.now); got != c.want {
			t.Errorf("%s: %d kr, want %d", c.name, got, c.want)
		}
	}
	if got := lateFee(true, nil, 400, Registration{Status: Confirmed}, after); got != 0 {
		t.Errorf("no deadline: %d", got)
	}
}

// FuzzCheckAnswers feeds arbitrary form values as answers: checking never
// panics, every refusal names a question's field and is invalid input, and
// what is accepted is within the questions' bounds.
func FuzzCheckAnswers(f *testing.F) {
	for _, seed := range [][3]string{{"a", "", ""}, {"b", "x\x00y", "q"}, {"", "hej", "z"}, {"a\x1fb", "\u202e", "x"}} {
		f.Add(seed[0], seed[1], seed[2])
	}
	qs := []Question{
		{ID: "w", Kind: SingleChoice, Required: true, Options: []Option{{Value: "a"}, {Value: "b"}}},
		{ID: "n", Kind: MultipleChoice, MaxChosen: 2, Options: []Option{{Value: "x"}, {Value: "y"}, {Value: "z"}}},
		{ID: "t", Kind: TextQuestion, MaxLength: 5},
	}
	f.Fuzz(func(t *testing.T, w, text, n string) {
		got, err := checkAnswers(qs, Answers{"w": {w}, "t": {text}, "n": strings.Split(n, ",")})
		if err != nil {
			if ae := apperr.As(err); ae.Code != apperr.Invalid || !strings.HasPrefix(ae.Field, "answer_") {
				t.Fatalf("refusal %v", err)
			}
			return
		}
		if len(got["w"]) != 1 || len(got["n"]) > 2 || len(got["t"]) > 1 || len(got["t"]) == 1 && len([]rune(got["t"][0])) > 5 {
			t.Fatalf("accepted out of bounds: %v", got)
		}
	})
}
