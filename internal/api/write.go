package api

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan/internal/actor"
	"github.com/samverkan/samverkan/internal/request"
)

// The shapes every domain's writes take in the API, so a new domain's
// handlers are one line each: decode the input type the domain declares,
// call the domain as the signed-in actor, answer with what it returns.

// bodyOf is the signed-in actor and the decoded body, refused in that
// order (an anonymous client learns it must sign in first).
func bodyOf[F any](r *http.Request) (actor.Actor, F, error) {
	var f F
	who, err := signedIn(r)
	if err == nil {
		err = decode(r, &f)
	}
	return who, f, err
}

// create answers 201 with the new record and its Location.
func create[F, T any](location func(T) string, run func(ctx context.Context, who actor.Actor, f F) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, f, err := bodyOf[F](r)
		if err != nil {
			return err
		}
		v, err := run(r.Context(), who, f)
		if err != nil {
			return err
		}
		w.Header().Set("Location", location(v))
		writeJSON(w, http.StatusCreated, v)
		return nil
	}
}

// update changes the record named by the path's {id} and answers 200.
func update[F, T any](run func(ctx context.Context, who actor.Actor, id string, f F) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, f, err := bodyOf[F](r)
		if err != nil {
			return err
		}
		v, err := run(r.Context(), who, r.PathValue("id"), f)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// act runs an action without a body on the record named by {id} and
// answers 200 with the record.
func act[T any](run func(ctx context.Context, who actor.Actor, id string) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, err := signedIn(r)
		if err != nil {
			return err
		}
		v, err := run(r.Context(), who, r.PathValue("id"))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// byToken runs a participant's write through a private link: no sign-in,
// the path's {token} and the client's address (for the audit entry and
// the rate limits) instead; answers 200.
func byToken[F, T any](run func(ctx context.Context, token, ip string, f F) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		var f F
		if err := decode(r, &f); err != nil {
			return err
		}
		v, err := run(r.Context(), r.PathValue("token"), request.Actor(r.Context()).IP, f)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, v)
		return nil
	}
}

// within runs an organiser's write on a record under an event: the path's
// {id} and the record's {sub}; answers with status.
func within[F, T any](status int, run func(ctx context.Context, who actor.Actor, eventID, sub string, f F) (T, error)) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		who, f, err := bodyOf[F](r)
		if err != nil {
			return err
		}
		v, err := run(r.Context(), who, r.PathValue("id"), r.PathValue("sub"), f)
		if err != nil {
			return err
		}
		writeJSON(w, status, v)
		return nil
	}
}
