package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"testing"
)

func testRules(t *testing.T) *rules {
	t.Helper()
	r, err := newRules("image-registry.openshift-image-registry.svc:5000", []string{"shop-old=shop"},
		[]string{"quay.io/acme=mirror.example.com/acme", "docker.io=mirror.example.com/dockerhub"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRewrite(t *testing.T) {
	r := testRules(t)
	const source = "docker-registry.default.svc:5000"
	for _, tc := range []struct{ in, want string }{
		{source + "/shop-old/api:2.3", "image-registry.openshift-image-registry.svc:5000/shop/api:2.3"},
		{source + "/openshift/nodejs:16", "image-registry.openshift-image-registry.svc:5000/openshift/nodejs:16"},
		{"quay.io/acme/log-shipper:1.9", "mirror.example.com/acme/log-shipper:1.9"},
		{"nginx:1.25", "mirror.example.com/dockerhub/library/nginx:1.25"},
		{"bitnami/redis:7.2", "mirror.example.com/dockerhub/bitnami/redis:7.2"},
		{"docker.io/library/nginx@sha256:" + "ab12ab12ab12ab12ab12ab12ab12ab12", "mirror.example.com/dockerhub/library/nginx@sha256:ab12ab12ab12ab12ab12ab12ab12ab12"},
	} {
		got, ok := r.rewrite(tc.in, source)
		if !ok || got != tc.want {
			t.Errorf("rewrite(%q) = %q, %t; want %q", tc.in, got, ok, tc.want)
		}
	}
	for _, unchanged := range []string{"registry.redhat.io/ubi9/ubi-minimal:9.4", "quay.io/acmecorp/app:1", "Upper/Case:1", "", " "} {
		if got, ok := r.rewrite(unchanged, source); ok && got != unchanged {
			t.Errorf("rewrite(%q) = %q; want it unchanged", unchanged, got)
		}
	}
}

func TestReviewOfTheDeploymentCase(t *testing.T) {
	raw, err := os.ReadFile("../Transforms.Benchmarks/Samples/deployment-8img.json")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Request map[string]json.RawMessage `json:"request"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	c.Request["uid"] = json.RawMessage(`"u-1"`)
	body, _ := json.Marshal(map[string]any{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": c.Request})
	out, _, err := review(body, testRules(t))
	if err != nil {
		t.Fatal(err)
	}
	var a admissionReview
	if err := json.Unmarshal(out, &a); err != nil || a.Response == nil || a.Response.UID != "u-1" || !a.Response.Allowed {
		t.Fatalf("answer %s (%v)", out, err)
	}
	var ops []patchOp
	if err := json.Unmarshal(a.Response.Patch, &ops); err != nil {
		t.Fatalf("patch %s: %v", base64.StdEncoding.EncodeToString(a.Response.Patch), err)
	}
	if len(ops) != 8 {
		t.Fatalf("want 8 image replacements, got %d: %+v", len(ops), ops)
	}
	if ops[0].Path != "/spec/template/spec/initContainers/0/image" || ops[7].Value != "mirror.example.com/dockerhub/bitnami/redis:7.2" {
		t.Errorf("unexpected operations %+v", ops)
	}
}

func TestUnlabelledObjectIsNotPatched(t *testing.T) {
	body := []byte(`{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u","kind":{"kind":"Pod"},` +
		`"object":{"metadata":{},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}}}`)
	out, _, err := review(body, testRules(t))
	if err != nil {
		t.Fatal(err)
	}
	var a admissionReview
	if err := json.Unmarshal(out, &a); err != nil || a.Response.Patch != nil {
		t.Fatalf("answer %s", out)
	}
	if _, _, err := review([]byte(`{"request":{}}`), testRules(t)); err == nil {
		t.Error("a review without uid must be refused")
	}
}
