package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// malformedBody is input the API server never sends but a broken client or proxy might.
type malformedBody struct {
	name        string
	contentType string
	body        []byte
	want        int
}

func malformedBodies() []malformedBody {
	huge := bytes.Repeat([]byte("x"), 7*1024*1024)
	return []malformedBody{
		{"empty body", "application/json", nil, 400},
		{"not JSON", "application/json", []byte(`{"apiVersion": "admission.k8s.io/v1", "kind": `), 400},
		{"JSON array instead of an AdmissionReview", "application/json", []byte(`[{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}]`), 400},
		{"text/plain content type", "text/plain", []byte(namespaceReview), 415},
		{"body over 7 MiB", "application/json", append(append([]byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","padding":"`), huge...), `"}`...), 413},
	}
}

const namespaceReview = `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"00000000-0000-4000-8000-000000000000",` +
	`"kind":{"group":"","version":"v1","kind":"Namespace"},"resource":{"group":"","version":"v1","resource":"namespaces"},` +
	`"operation":"CREATE","object":{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop"}}}}`

// checkMalformed sends each malformed body (SPEC A3): the expected 4xx with a one-line reason,
// never a 5xx, never Retry-After (the API server would retry the call).
func checkMalformed(c *caller, url string, out io.Writer) bool {
	passed, failed := 0, 0
	for _, m := range malformedBodies() {
		problem := ""
		response, answer, err := c.postRaw(url, m.contentType, m.body, 30*time.Second)
		if err != nil {
			problem = err.Error()
		} else {
			switch {
			case response.StatusCode != m.want:
				problem = fmt.Sprintf("HTTP %d, want %d: %.300s", response.StatusCode, m.want, answer)
			case response.Header.Get("Retry-After") != "":
				problem = "the answer carries Retry-After"
			case strings.Contains(strings.TrimSpace(string(answer)), "\n"):
				problem = fmt.Sprintf("the reason is not one line: %.300s", answer)
			}
		}

		if problem == "" {
			passed++
			fmt.Fprintf(out, "PASS %s -> %d\n", m.name, m.want)
		} else {
			failed++
			fmt.Fprintf(out, "FAIL %s: %s\n", m.name, problem)
		}
	}

	fmt.Fprintf(out, "%d passed, %d failed\n", passed, failed)
	return failed == 0
}
