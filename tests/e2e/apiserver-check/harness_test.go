package main

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests run the checker against fake webhooks that answer right and wrong: a harness that
// cannot fail proves nothing. Run with: GO111MODULE=off GOPATH=/usr/share/gocode go test .

const podObject = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop","labels":{"velero.io/restore-name":"r1"}},` +
	`"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}`

const rewrittenPod = `{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop","labels":{"velero.io/restore-name":"r1"},` +
	`"annotations":{"restore-mutator.io/applied":"registry"}},` +
	`"spec":{"containers":[{"name":"web","image":"mirror.example.com/dockerhub/library/nginx:1.25"}]}}`

const rewritePatch = `[{"op":"replace","path":"/spec/containers/0/image","value":"mirror.example.com/dockerhub/library/nginx:1.25"},` +
	`{"op":"add","path":"/metadata/annotations","value":{}},` +
	`{"op":"add","path":"/metadata/annotations/restore-mutator.io~1applied","value":"registry"}]`

// webhook answers like restore-mutator would for podObject, with answer() free to break any rule.
type webhook struct {
	answer func(request map[string]interface{}, response map[string]interface{}) (review map[string]interface{})
}

func (h webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if len(body) > 7*1024*1024 {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		_, _ = w.Write([]byte("body over 7 MiB\n"))
		return
	}
	if r.Header.Get("Content-Type") != "application/json" {
		w.WriteHeader(http.StatusUnsupportedMediaType)
		_, _ = w.Write([]byte("content type must be application/json\n"))
		return
	}
	var review map[string]interface{}
	if len(body) == 0 || json.Unmarshal(body, &review) != nil || review["request"] == nil {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte("not an AdmissionReview\n"))
		return
	}
	request := review["request"].(map[string]interface{})
	response := map[string]interface{}{"uid": request["uid"], "allowed": true}
	object, _ := json.Marshal(request["object"])
	if strings.Contains(string(object), `"image":"nginx:1.25"`) && request["operation"] == "CREATE" {
		response["patchType"] = "JSONPatch"
		response["patch"] = base64.StdEncoding.EncodeToString([]byte(rewritePatch))
		response["auditAnnotations"] = map[string]string{"applied": "registry"}
	}
	out := map[string]interface{}{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "response": response}
	if h.answer != nil {
		out = h.answer(request, out)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func serve(t *testing.T, h http.Handler) (*caller, string) {
	t.Helper()
	server := httptest.NewTLSServer(h)
	t.Cleanup(server.Close)
	pool := x509.NewCertPool()
	pool.AddCert(server.Certificate())
	return newCallerWithPool(pool, "example.com"), server.URL + "/mutate"
}

func podCase(t *testing.T, expect string) *caseFile {
	t.Helper()
	data := `{"name":"pod","request":{"kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},` +
		`"namespace":"shop","name":"web","object":` + podObject + `},"expect":` + expect + `}`
	file := filepath.Join(t.TempDir(), "pod.json")
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := loadCase(file)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantProblem(t *testing.T, problems []string, part string) {
	t.Helper()
	for _, p := range problems {
		if strings.Contains(p, part) {
			return
		}
	}
	t.Fatalf("want a problem containing %q, got %q", part, problems)
}

func TestCheckCase_AnswerAsExpected_Passes(t *testing.T) {
	c, url := serve(t, webhook{})
	if problems := checkCase(c, url, podCase(t, `{"allowed":true,"object":`+rewrittenPod+`,"warnings":[]}`)); len(problems) > 0 {
		t.Fatalf("want no problems, got %q", problems)
	}
}

func TestCheckCase_ObjectDiffersFromExpectation_Fails(t *testing.T) {
	c, url := serve(t, webhook{})
	expected := strings.Replace(rewrittenPod, "mirror.example.com", "other.example.com", 1)
	problems := checkCase(c, url, podCase(t, `{"allowed":true,"object":`+expected+`}`))
	wantProblem(t, problems, "/spec/containers/0/image is")
}

func TestCheckCase_ExpectedUnchangedButPatched_Fails(t *testing.T) {
	c, url := serve(t, webhook{})
	wantProblem(t, checkCase(c, url, podCase(t, `{"allowed":true,"unchanged":true}`)), "want no patch")
}

func TestCheckCase_ExpectedSkipButAllowed_Fails(t *testing.T) {
	c, url := serve(t, webhook{})
	wantProblem(t, checkCase(c, url, podCase(t, `{"allowed":false,"code":409}`)), "allowed=true, want false")
}

func TestCheckCase_SkipWithOtherCodeOrMessage_Fails(t *testing.T) {
	c, url := serve(t, webhook{answer: func(_ map[string]interface{}, out map[string]interface{}) map[string]interface{} {
		response := out["response"].(map[string]interface{})
		delete(response, "patch")
		delete(response, "patchType")
		response["allowed"] = false
		response["status"] = map[string]interface{}{"code": 403, "reason": "Forbidden", "message": "skipped pod shop/web: managed"}
		return out
	}})
	problems := checkCase(c, url, podCase(t, `{"allowed":false,"code":409,"reason":"AlreadyExists","message":"skipped pod shop/web: owned"}`))
	wantProblem(t, problems, "status code 403, want 409")
	wantProblem(t, problems, `status reason "Forbidden"`)
	wantProblem(t, problems, "status message")
}

func TestCall_ApiServerRulesBroken_Fail(t *testing.T) {
	cases := map[string]struct {
		change func(out map[string]interface{})
		want   string
	}{
		"uid not echoed":   {func(out map[string]interface{}) { out["response"].(map[string]interface{})["uid"] = "other" }, "expected response.uid"},
		"wrong apiVersion": {func(out map[string]interface{}) { out["apiVersion"] = "admission.k8s.io/v1beta1" }, "expected webhook response of admission.k8s.io/v1"},
		"no kind":          {func(out map[string]interface{}) { delete(out, "kind") }, "Kind=AdmissionReview"},
		"no response":      {func(out map[string]interface{}) { delete(out, "response") }, "webhook response was absent"},
		"patch without patchType": {func(out map[string]interface{}) {
			delete(out["response"].(map[string]interface{}), "patchType")
		}, "response.patch but not response.patchType"},
		"patchType without patch": {func(out map[string]interface{}) {
			delete(out["response"].(map[string]interface{}), "patch")
		}, "response.patchType but not response.patch"},
		"merge patch type": {func(out map[string]interface{}) {
			out["response"].(map[string]interface{})["patchType"] = "MergePatch"
		}, `unsupported patch type "MergePatch"`},
		"patch not base64": {func(out map[string]interface{}) {
			out["response"].(map[string]interface{})["patch"] = "[{not base64"
		}, "not base64"},
		"empty patch": {func(out map[string]interface{}) {
			out["response"].(map[string]interface{})["patch"] = base64.StdEncoding.EncodeToString([]byte("[]"))
		}, "patch with no operations"},
		"patch the API server cannot apply": {func(out map[string]interface{}) {
			out["response"].(map[string]interface{})["patch"] = base64.StdEncoding.EncodeToString([]byte(`[{"op":"add","path":"/spec/affinity/nodeAffinity","value":{}}]`))
		}, "could not apply the patch"},
		"upper-case field name": {func(out map[string]interface{}) {
			response := out["response"].(map[string]interface{})
			response["Allowed"], response["allowed"] = true, nil
			delete(response, "allowed")
		}, "allowed=false, want true"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			change := tc.change
			c, url := serve(t, webhook{answer: func(_ map[string]interface{}, out map[string]interface{}) map[string]interface{} {
				change(out)
				return out
			}})
			wantProblem(t, checkCase(c, url, podCase(t, `{"allowed":true,"object":`+rewrittenPod+`}`)), tc.want)
		})
	}
}

func TestCheckCase_SecondPassPatchesAgain_Fails(t *testing.T) {
	c, url := serve(t, webhook{answer: func(request map[string]interface{}, out map[string]interface{}) map[string]interface{} {
		if request["operation"] == "UPDATE" {
			response := out["response"].(map[string]interface{})
			response["patchType"] = "JSONPatch"
			response["patch"] = base64.StdEncoding.EncodeToString([]byte(`[{"op":"add","path":"/metadata/labels/x","value":"y"}]`))
		}
		return out
	}})
	wantProblem(t, checkCase(c, url, podCase(t, `{"allowed":true,"object":`+rewrittenPod+`}`)), "not idempotent: 1 more operations")
}

func TestCheckCase_SecondPassSeesThePatchedObjectAsUpdate(t *testing.T) {
	var seen []map[string]interface{}
	c, url := serve(t, webhook{answer: func(request map[string]interface{}, out map[string]interface{}) map[string]interface{} {
		seen = append(seen, request)
		return out
	}})
	if problems := checkCase(c, url, podCase(t, `{"allowed":true,"object":`+rewrittenPod+`}`)); len(problems) > 0 {
		t.Fatal(problems)
	}
	if len(seen) != 2 || seen[1]["operation"] != "UPDATE" || seen[0]["uid"] == seen[1]["uid"] {
		t.Fatalf("want CREATE then UPDATE with fresh uids, got %v", seen)
	}
	object, _ := json.Marshal(seen[1]["object"])
	old, _ := json.Marshal(seen[1]["oldObject"])
	if !bytes.Contains(object, []byte("mirror.example.com")) || !bytes.Equal(object, old) {
		t.Fatalf("second pass must send the patched object as object and oldObject: %s / %s", object, old)
	}
	if seen[0]["userInfo"] == nil || seen[0]["requestKind"] == nil || seen[0]["options"] == nil {
		t.Fatalf("the request lacks what the API server sends: %v", seen[0])
	}
}

func TestCheckCase_WarningsBreakA5OrDiffer_Fail(t *testing.T) {
	c, url := serve(t, webhook{answer: func(_ map[string]interface{}, out map[string]interface{}) map[string]interface{} {
		out["response"].(map[string]interface{})["warnings"] = []string{strings.Repeat("w", 130), "caf\u00e9"}
		return out
	}})
	problems := checkCase(c, url, podCase(t, `{"allowed":true,"object":`+rewrittenPod+`,"warnings":["other"]}`))
	wantProblem(t, problems, "want [\"other\"]")
	wantProblem(t, problems, "is not short printable ASCII")
}

func TestCheckCase_AuditAnnotationBroken_Fails(t *testing.T) {
	c, url := serve(t, webhook{answer: func(_ map[string]interface{}, out map[string]interface{}) map[string]interface{} {
		out["response"].(map[string]interface{})["auditAnnotations"] = map[string]string{"restore-mutator.io/applied": "route-host"}
		return out
	}})
	problems := checkCase(c, url, podCase(t, `{"allowed":true,"object":`+rewrittenPod+`}`))
	wantProblem(t, problems, "not a valid name part")
	wantProblem(t, problems, "not recorded in restore-mutator.io/applied")
}

func TestLoadCase_UnknownExpectationKey_IsRejected(t *testing.T) {
	file := filepath.Join(t.TempDir(), "typo.json")
	_ = os.WriteFile(file, []byte(`{"request":{},"expect":{"allowed":true,"unchaged":true}}`), 0o600)
	if _, err := loadCase(file); err == nil || !strings.Contains(err.Error(), "unchaged") {
		t.Fatalf("want the misspelt key rejected, got %v", err)
	}
}

func TestCheckMalformed_ServerErrorOrRetryAfter_Fails(t *testing.T) {
	var out bytes.Buffer
	c, url := serve(t, webhook{})
	if !checkMalformed(c, url, &out) {
		t.Fatalf("a webhook answering 400/415/413 must pass:\n%s", out.String())
	}

	out.Reset()
	c, url = serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusInternalServerError)
	}))
	if checkMalformed(c, url, &out) {
		t.Fatalf("a webhook answering 500 must fail:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "FAIL empty body: HTTP 500, want 400") {
		t.Fatalf("the failure must name the body and status:\n%s", out.String())
	}
}

func TestFakeAPI_AnswersFromFactsAndWantsTheToken(t *testing.T) {
	dir := t.TempDir()
	api, err := startFakeAPI(&lookupFacts{
		ServerVersion:    "1.31",
		DockercfgSecrets: map[string]string{"default": "default-dockercfg-q8z4w"},
		Nodes:            map[string]bool{"worker-b-2": true, "worker-gone": false},
		StorageClasses:   map[string]bool{"gp3-csi": true, "fast-ssd": false},
	}, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer api.close()
	kubeconfig, _ := os.ReadFile(api.kubeconfig)
	server := between(string(kubeconfig), "server: ", "\n")
	ca, _ := os.ReadFile(filepath.Join(dir, "fake-api-ca.crt"))
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	c := newCallerWithPool(pool, "127.0.0.1")

	get := func(path, token string) (int, string) {
		request, _ := http.NewRequest(http.MethodGet, server+path, nil)
		if token != "" {
			request.Header.Set("Authorization", "Bearer "+token)
		}
		response, err := c.client.Do(request)
		if err != nil {
			t.Fatal(err)
		}
		defer response.Body.Close()
		body, _ := io.ReadAll(response.Body)
		return response.StatusCode, string(body)
	}

	if code, body := get("/version", api.token); code != 200 || !strings.Contains(body, `"minor":"31"`) {
		t.Fatalf("/version: %d %s", code, body)
	}
	if code, body := get("/api/v1/namespaces/shop/serviceaccounts/default", api.token); code != 200 || !strings.Contains(body, "default-dockercfg-q8z4w") {
		t.Fatalf("serviceaccount: %d %s", code, body)
	}
	if code, _ := get("/api/v1/namespaces/shop/serviceaccounts/builder", api.token); code != 404 {
		t.Fatalf("unknown serviceaccount: %d", code)
	}
	// K5: listed nodes as listed, unlisted ones absent; storage classes present unless listed as missing.
	for path, want := range map[string]int{
		"/api/v1/nodes/worker-b-2": 200, "/api/v1/nodes/worker-gone": 404, "/api/v1/nodes/unlisted": 404,
		"/apis/storage.k8s.io/v1/storageclasses/gp3-csi": 200, "/apis/storage.k8s.io/v1/storageclasses/fast-ssd": 404,
		"/apis/storage.k8s.io/v1/storageclasses/unlisted": 200,
	} {
		if code, _ := get(path, api.token); code != want {
			t.Fatalf("%s: %d, want %d", path, code, want)
		}
	}
	if code, _ := get("/apis/config.openshift.io/v1/images/cluster", api.token); code != 404 {
		t.Fatalf("OpenShift config must be absent: %d", code)
	}
	if code, _ := get("/version", ""); code != 401 {
		t.Fatalf("no token: %d", code)
	}
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	rest := s[i+len(start):]
	if j := strings.Index(rest, end); j >= 0 {
		return rest[:j]
	}
	return rest
}
