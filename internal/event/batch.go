package event

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/apperr"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/ratelimit"
)

// Registrations are written in groups (group commit). Every registration
// for one event must hold that event's row lock — that is what makes
// overbooking impossible — and the lock is held through the commit, whose
// flush to disk is most of a registration's time. One at a time, an event
// takes a few hundred registrations a second; the moments after an
// invitation goes out ask for more. So the registrations that arrive while
// a transaction is running wait, and the next transaction takes all of
// them (up to maxBatch): the event is locked once, the seats are counted in
// memory, every table gets one multi-row INSERT and the batch is flushed
// once. Nobody waits for a batch to fill: a registration that finds no
// transaction running starts one at once, so an idle server answers as
// fast as before. Each registration's rules (limits, duplicates, the
// event's status, its answers) are still checked one by one and in order,
// and a refused one writes nothing but its limit hits. A participant is
// answered only after the commit that holds their registration.
const maxBatch = 64

// regJob is one registration waiting for, or in, a batch.
type regJob struct {
	eventID string
	in      RegistrationInput // cleaned
	key     string            // the e-mail address's key
	ip      string
	hash    string // of the manage token
	token   string
	// Results: the registration written, or why not.
	reg Registration
	err error
	// wake says "your batch is done" (false) or "lead batch" (true).
	wake  chan bool
	batch []*regJob
}

// regQueue is the registrations waiting for a transaction, per instance;
// at most maxLeaders batches run at once. Its zero value is ready.
type regQueue struct {
	mu      sync.Mutex
	pending []*regJob
	leaders int
}

// maxLeaders is how many batches one instance runs at once. Two would let
// one do its reads while the other holds the event's lock, but measured
// on two cores (BENCHMARKS.md) the work is CPU-bound there: two leaders
// halve the batches, which costs more statements per registration than
// the overlap saves. Machines with more cores may want two.
const maxLeaders = 1

// take cuts the next batch off the queue; q.mu is held.
func (q *regQueue) take() []*regJob {
	n := min(len(q.pending), maxBatch)
	batch := q.pending[:n:n]
	q.pending = q.pending[n:]
	return batch
}

// run puts j in the queue and returns when j's batch has committed or
// failed. A caller that finds fewer than maxLeaders batches running leads
// at once; else it waits. A leader runs its batch, answers everyone in it,
// cuts the next batch off the queue and hands it to that batch's first,
// so no caller serves more than its own batch. (The queue is non-empty
// only while maxLeaders batches run, so a new leader's batch is itself.)
func (q *regQueue) run(ctx context.Context, j *regJob, write func(context.Context, []*regJob)) {
	q.mu.Lock()
	q.pending = append(q.pending, j)
	lead := q.leaders < maxLeaders
	if lead {
		q.leaders++
		j.batch = q.take()
	}
	q.mu.Unlock()
	if !lead && !<-j.wake {
		return
	}
	batch := j.batch
	finished := false
	defer func() {
		if !finished { // write panicked: nobody may wait forever
			for _, b := range batch {
				b.err = apperr.Wrap(errors.New("registration batch failed"), "register")
			}
		}
		q.mu.Lock()
		next := q.take()
		if len(next) == 0 {
			q.leaders--
		}
		q.mu.Unlock()
		for _, b := range batch {
			if b != j {
				b.wake <- false
			}
		}
		if len(next) > 0 {
			next[0].batch = next
			next[0].wake <- true
		}
	}()
	// The batch is everyone's: one caller going away must not undo the others.
	bctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	write(bctx, batch)
	finished = true
}

// registerBatch checks and writes a batch. If its transaction fails (a
// database error, a deadlock between instances, a unique index catching a
// race), each registration is tried again alone, so that one
// registration's failure is its own.
func (s *Service) registerBatch(ctx context.Context, jobs []*regJob) {
	now := s.Now().UTC()
	for _, j := range jobs {
		j.err = nil
		j.reg = Registration{ID: db.NewID(), EventID: j.eventID, Name: j.in.Name, Email: j.in.Email, Phone: j.in.Phone,
			OrganisationID: j.in.OrganisationID, OrganisationName: j.in.OrganisationName, Sector: j.in.Sector, Dietary: j.in.Dietary,
			Lang: j.in.Lang, CreatedAt: now, Answers: Answers{}}
	}
	titles, err := s.checkBatch(ctx, jobs)
	if err == nil {
		err = s.DB.InTx(ctx, func(tx *db.Tx) error { return s.registerTx(ctx, tx, jobs, titles, now) })
	}
	if err == nil {
		return
	}
	if len(jobs) > 1 {
		for _, j := range jobs {
			s.registerBatch(ctx, []*regJob{j})
		}
		return
	}
	jobs[0].err = err
}

// refuse records why a registration of the batch is not written: a
// user's error is that registration's answer; anything else (the database
// failing) ends the batch.
func refuse(j *regJob, err error) error {
	if apperr.CodeOf(err) == apperr.Internal {
		return err
	}
	j.err = err
	return nil
}

type titleKey struct{ event, lang string }

// checkBatch does what needs no lock and no transaction: the registry's
// organisations, the events' questions against the answers, titles for
// the mails, and addresses already registered. The reads see what is
// committed, as a transaction's reads before the lock would, and hold
// no lock while they run. A registration of the same address committing
// after the check (the other instance's batch) is caught by the unique
// index.
func (s *Service) checkBatch(ctx context.Context, jobs []*regJob) (map[titleKey]string, error) {
	var events []string
	titles := map[titleKey]string{}
	for _, j := range jobs {
		if !slices.Contains(events, j.eventID) {
			events = append(events, j.eventID)
		}
		titles[titleKey{j.eventID, j.reg.Lang}] = ""
	}
	slices.Sort(events)
	qs, err := loadQuestions(ctx, s.DB, events)
	if err != nil {
		return nil, err
	}
	for k := range titles {
		if titles[k], err = s.titleTx(ctx, s.DB, k.event, k.lang); err != nil {
			return nil, err
		}
	}
	live := map[string]map[string]bool{}
	for _, id := range events {
		if live[id], err = liveEmailKeys(ctx, s.DB, id, jobs); err != nil {
			return nil, err
		}
	}
	orgErrs := make([]error, len(jobs))
	for i, j := range jobs {
		orgErrs[i] = resolveOrganisation(ctx, s.DB, &j.reg) // reads only when one is named
	}
	for i, j := range jobs {
		if err := orgErrs[i]; err != nil {
			if err := refuse(j, err); err != nil {
				return nil, err
			}
			continue
		}
		var err error
		if j.reg.Answers, err = checkAnswers(qs[j.eventID], j.in.Answers); err != nil {
			if err := refuse(j, err); err != nil {
				return nil, err
			}
			continue
		}
		if live[j.eventID][j.key] {
			j.err = apperr.New(apperr.Conflict, "email", "error.already_registered")
		}
	}
	return titles, nil
}

// registerTx writes what checkBatch let through: the limits are counted;
// then the events are locked in ID order (two instances' batches never
// wait for each other in a cycle), the seats given in arrival order, and
// everything written in one round trip (db.Tx.ExecAll). The event's lock
// is held for three round trips — lock, write, commit — whatever the
// batch's size.
func (s *Service) registerTx(ctx context.Context, tx *db.Tx, jobs []*regJob, titles map[titleKey]string, now time.Time) error {
	var events []string
	for _, j := range jobs {
		if j.err == nil && !slices.Contains(events, j.eventID) {
			events = append(events, j.eventID)
		}
	}
	slices.Sort(events)
	// The limits count the registrations that get this far. One refused
	// below, under the lock, gives its hits back: as before batches, only a
	// registration that is written (and mailed) counts, so filling the
	// form in wrongly a few times locks nobody out.
	var limited []*regJob
	var rules [][]ratelimit.Rule
	for _, j := range jobs {
		if j.err == nil {
			limited = append(limited, j)
			rules = append(rules, registrationRules(j.ip, j.key))
		}
	}
	ok, retry, err := ratelimit.TakeAll(ctx, tx, now, rules)
	if err != nil {
		return err
	}
	for i, j := range limited {
		if !ok[i] {
			j.err = ratelimit.Limited("email", retry[i])
		}
	}
	giveBack := func(j *regJob, err error) error {
		j.err = err
		return ratelimit.Give(ctx, tx, now, registrationRules(j.ip, j.key)...)
	}

	facts := map[string]*seatFacts{}
	for _, id := range events {
		f, err := lockEvent(ctx, tx, id)
		if apperr.CodeOf(err) == apperr.NotFound {
			continue
		}
		if err != nil {
			return err
		}
		facts[id] = &f
	}
	var regs, answers, holders [][]any
	var entries []audit.Entry
	var mails []mail.Message
	seats := map[string]int{} // seats taken in this batch, per event
	seen := map[titleKey]bool{}
	for _, j := range jobs {
		if j.err != nil {
			continue
		}
		f := facts[j.eventID]
		var why error
		switch {
		case f == nil:
			why = apperr.ErrNotFound()
		case f.status != Published || f.opens.Valid && now.Before(f.opens.Time) || f.closes.Valid && now.After(f.closes.Time):
			why = apperr.New(apperr.Conflict, "", "error.registration_closed")
		case seen[titleKey{j.eventID, j.key}]: // the same address twice in one batch
			why = apperr.New(apperr.Conflict, "email", "error.already_registered")
		}
		if why != nil {
			if err := giveBack(j, why); err != nil {
				return err
			}
			continue
		}
		seen[titleKey{j.eventID, j.key}] = true
		r := &j.reg
		f.lastPosition++
		r.Status, r.Position = Confirmed, f.lastPosition
		if f.capacity.Valid && int64(f.confirmed) >= f.capacity.Int64 {
			r.Status = Waitlisted
		} else {
			f.confirmed++
			seats[j.eventID]++
		}
		regs = append(regs, []any{r.ID, r.EventID, r.Status, r.Position, r.Name, r.Email, j.key, r.Phone, db.NullIfEmpty(r.OrganisationID),
			r.OrganisationName, r.Sector, r.Dietary, r.Lang, j.hash, 0, now, now})
		for _, qid := range slices.Sorted(maps.Keys(r.Answers)) {
			for _, v := range r.Answers[qid] {
				answers = append(answers, []any{r.ID, qid, v})
			}
		}
		holders = append(holders, []any{r.ID, 1, Registered, r.Name, r.Email, r.OrganisationName, now})
		entries = append(entries, audit.Entry{At: now, Actor: "registration form", IP: j.ip, Action: "registration.create",
			EntityType: "registration", EntityID: r.ID, Details: map[string]string{"event": r.EventID, "status": r.Status}})
		subject, body := "mail.registration.confirmed.subject", "mail.registration.confirmed.body"
		if r.Status == Waitlisted {
			subject, body = "mail.registration.waitlisted.subject", "mail.registration.waitlisted.body"
		}
		if m, ok := s.participantMail(*r, subject, body, titles[titleKey{r.EventID, r.Lang}], j.token); ok {
			mails = append(mails, m)
		}
	}
	var writes []db.Statement
	for _, id := range events {
		if f := facts[id]; f != nil {
			writes = append(writes, db.Statement{Query: `UPDATE events SET last_position = ?, confirmed_count = confirmed_count + ? WHERE id = ?`,
				Args: []any{f.lastPosition, seats[id], id}})
		}
	}
	for _, t := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"registrations", []string{"id", "event_id", "status", "position", "name", "email", "email_key", "phone", "organisation_id",
			"organisation_name", "sector", "dietary", "lang", "manage_token_hash", "fee_owed_kr", "created_at", "updated_at"}, regs},
		{"registration_answers", []string{"registration_id", "question_id", "value"}, answers},
		{"registration_holders", []string{"registration_id", "seq", "change", "name", "email", "organisation_name", "at"}, holders},
	} {
		st, err := db.Inserts(t.table, t.cols, t.rows)
		if err != nil {
			return err
		}
		writes = append(writes, st...)
	}
	st, err := audit.Inserts(entries)
	if err != nil {
		return err
	}
	writes = append(writes, st...)
	if s.Mail != nil {
		if st, err = s.Mail.Inserts(mails); err != nil {
			return err
		}
		writes = append(writes, st...)
	}
	err = tx.ExecAll(ctx, writes)
	if errors.Is(db.Translate(err), db.ErrUnique) {
		// Another registration of the address won a race the check above
		// could not see (the other instance's batch, or an edit moving an
		// address); alone, this is its answer.
		return apperr.New(apperr.Conflict, "email", "error.already_registered")
	}
	return apperr.Wrap(err, "register")
}

// liveEmailKeys are the e-mail keys, among the batch's for one event,
// that already hold a live registration for it.
func liveEmailKeys(ctx context.Context, q db.Querier, eventID string, jobs []*regJob) (map[string]bool, error) {
	var keys []string
	for _, j := range jobs {
		if j.eventID == eventID && j.err == nil {
			keys = append(keys, j.key)
		}
	}
	out := map[string]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	in, args := db.In(keys)
	// status <> 'cancelled' is written out, not a parameter, so the
	// planner can use the partial unique index (event_id, email_key) on
	// every plan; with a parameter it scans the event's registrations.
	found, err := db.Strings(ctx, q, `SELECT email_key FROM registrations WHERE event_id = ? AND status <> '`+Withdrawn+`' AND email_key IN (`+in+`)`,
		append([]any{eventID}, args...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "duplicate check")
	}
	for _, k := range found {
		out[k] = true
	}
	return out, nil
}
