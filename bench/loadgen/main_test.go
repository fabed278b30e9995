package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadReviewPlacesOneUID(t *testing.T) {
	rv, err := loadReview("../Transforms.Benchmarks/Samples/route.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(rv.template[rv.uidOffset:], []byte(uidPlaceholder)) || !rv.allowed {
		t.Fatalf("uid placeholder not at %d", rv.uidOffset)
	}
	for _, want := range []string{`"apiVersion":"admission.k8s.io/v1"`, `"requestKind":`, `"userInfo":`, `"object":`} {
		if !bytes.Contains(rv.template, []byte(want)) {
			t.Errorf("review lacks %s", want)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"request":{"kind":{}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadReview(bad); err == nil {
		t.Error("a case without object must be refused")
	}
}

func TestCheckAnswer(t *testing.T) {
	patch := base64.StdEncoding.EncodeToString([]byte(`[{"op":"replace","path":"/spec/x","value":"y"}]`))
	good := `{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u1","allowed":true,"patchType":"JSONPatch","patch":"` + patch + `"}}`
	if err := checkAnswer([]byte(good), "u1", true); err != nil {
		t.Fatalf("good answer refused: %v", err)
	}
	for name, tc := range map[string]struct {
		body, uid string
		allowed   bool
	}{
		"other uid":      {good, "u2", true},
		"not allowed":    {good, "u1", false},
		"not json":       {"<html>", "u1", true},
		"no response":    {`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}`, "u1", true},
		"patch not b64":  {strings.Replace(good, patch, "!!", 1), "u1", true},
		"patch no array": {strings.Replace(good, patch, base64.StdEncoding.EncodeToString([]byte(`{}`)), 1), "u1", true},
	} {
		if err := checkAnswer([]byte(tc.body), tc.uid, tc.allowed); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSummarizePercentiles(t *testing.T) {
	var r result
	for i := 1; i <= 100; i++ {
		r.record(time.Duration(i)*time.Millisecond, nil)
	}
	line := summarize([]result{r}, time.Second)
	for _, want := range []string{"requests=100 ", "errors=0 ", "rps=100 ", "p50_ms=50.00 ", "p99_ms=99.00 ", "max_ms=100.00"} {
		if !strings.Contains(line, want) {
			t.Errorf("%q lacks %q", line, want)
		}
	}
}
