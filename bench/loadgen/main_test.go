package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoadReviewPlacesOneUID(t *testing.T) {
	rv, err := loadReview("../Transforms.Benchmarks/Samples/route.json", false)
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
	if _, err := loadReview(bad, false); err == nil {
		t.Error("a case without object must be refused")
	}
}

func TestUniqueNames(t *testing.T) {
	rv, err := loadReview("../Transforms.Benchmarks/Samples/deployment-8img.json", true)
	if err != nil {
		t.Fatal(err)
	}
	// request.name and the object's metadata.name.
	if len(rv.nameOffsets) != 2 {
		t.Fatalf("name placeholder found %d times, want 2", len(rv.nameOffsets))
	}
	if got := len(uniqueSuffix(0xffffffff, 0xffff, 1<<60)); got != len(nameSuffixPlaceholder) {
		t.Fatalf("suffix of %d characters, placeholder of %d", got, len(nameSuffixPlaceholder))
	}
	names := map[string]bool{}
	body := make([]byte, len(rv.template))
	for caller := 0; caller < 2; caller++ {
		for seq := uint64(1); seq <= 2; seq++ {
			copy(body, rv.template)
			suffix := uniqueSuffix(rv.run, caller, seq)
			for _, at := range rv.nameOffsets {
				copy(body[at:], suffix)
			}
			var review struct {
				Request struct {
					Name   string `json:"name"`
					Object struct {
						Metadata struct {
							Name string `json:"name"`
						} `json:"metadata"`
					} `json:"object"`
				} `json:"request"`
			}
			if err := json.Unmarshal(body, &review); err != nil {
				t.Fatal(err)
			}
			name := review.Request.Object.Metadata.Name
			if review.Request.Name != name || !strings.HasPrefix(name, "shop-") || strings.Contains(name, "~") {
				t.Fatalf("request.name %q, metadata.name %q", review.Request.Name, name)
			}
			names[name] = true
		}
	}
	if len(names) != 4 {
		t.Errorf("%d distinct names in 4 calls", len(names))
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
