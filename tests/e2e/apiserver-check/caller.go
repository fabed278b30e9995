package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	jsonpatch "github.com/evanphx/json-patch"
)

// webhookTimeout is timeoutSeconds of the manifests' MutatingWebhookConfiguration; the API server
// sends it as ?timeout= and gives up after it. The harness waits longer (clientTimeout): it checks
// answers, not latency, and this machine is shared; a slow answer is not a wrong one.
const (
	webhookTimeout = 5 * time.Second
	clientTimeout  = 30 * time.Second
)

// caller sends AdmissionReviews as kube-apiserver does: HTTPS verified against the caBundle for
// the service's DNS name, POST application/json, ?timeout= from timeoutSeconds.
type caller struct {
	client *http.Client
	tls    *tls.Config
}

func newCaller(caFile, serverName string) (*caller, error) {
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}

	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificates", caFile)
	}

	return newCallerWithPool(pool, serverName), nil
}

func newCallerWithPool(pool *x509.CertPool, serverName string) *caller {
	transport := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, ServerName: serverName, MinVersion: tls.VersionTLS12},
		ForceAttemptHTTP2:   true,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
	}
	return &caller{client: &http.Client{Transport: transport}, tls: transport.TLSClientConfig}
}

// postRaw sends one HTTP/1.1 request on its own TLS connection and reads the answer while the
// body is still being written: a server may answer a body it refuses (413) before reading it all
// and close the connection, which net/http's client can report as a broken pipe instead of the
// answer.
func (c *caller) postRaw(target, contentType string, body []byte, timeout time.Duration) (*http.Response, []byte, error) {
	address, err := url.Parse(target)
	if err != nil {
		return nil, nil, err
	}

	config := c.tls.Clone()
	config.NextProtos = []string{"http/1.1"}
	conn, err := tls.Dial("tcp", address.Host, config)
	if err != nil {
		return nil, nil, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(timeout))

	go func() {
		header := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n",
			address.RequestURI(), address.Host, contentType, len(body))
		if _, err := conn.Write([]byte(header)); err == nil {
			_, _ = conn.Write(body)
		}
	}()

	response, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, nil, err
	}
	defer response.Body.Close()
	answer, _ := io.ReadAll(response.Body)
	return response, answer, nil
}

func (c *caller) post(url, contentType string, body []byte, timeout time.Duration) (*http.Response, error) {
	request, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}

	request.Header.Set("Content-Type", contentType)
	request.Header.Set("Accept", "application/json, */*")
	client := *c.client
	client.Timeout = timeout
	return client.Do(request)
}

// answer is what the API server makes of a webhook's response.
type answer struct {
	allowed  bool
	patch    []byte // the decoded JSON Patch; nil when the response had none
	ops      int
	object   []byte // the object after the patch (the request's object when there was none)
	code     int
	reason   string
	message  string
	warnings []string
	audit    map[string]string
}

// call sends request (an AdmissionRequest without uid) and checks the response the way the API
// server's VerifyAdmissionResponse and mutating dispatcher do; any error there is an error here.
func (c *caller) call(url string, request map[string]interface{}) (*answer, error) {
	uid := newUID()
	request["uid"] = uid
	body, err := json.Marshal(map[string]interface{}{
		"apiVersion": "admission.k8s.io/v1",
		"kind":       "AdmissionReview",
		"request":    request,
	})
	if err != nil {
		return nil, err
	}

	response, err := c.post(url+"?timeout="+webhookTimeout.String(), "application/json", body, clientTimeout)
	if err != nil {
		return nil, fmt.Errorf("failed calling webhook: %v", err)
	}
	defer response.Body.Close()
	data, err := io.ReadAll(response.Body)
	if err != nil {
		return nil, fmt.Errorf("failed reading the answer: %v", err)
	}

	if response.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("webhook answered HTTP %d: %.300s", response.StatusCode, data)
	}

	a, err := verifyResponse(data, uid)
	if err != nil {
		return nil, err
	}

	object, _ := json.Marshal(request["object"])
	a.object = object
	if !a.allowed || a.patch == nil {
		return a, nil
	}

	patch, err := jsonpatch.DecodePatch(a.patch)
	if err != nil {
		return nil, fmt.Errorf("patch is not a JSON Patch: %v", err)
	}

	a.ops = len(patch)
	if a.ops == 0 {
		// The API server skips an empty patch; the webhook promises to send none (SPEC A2).
		return nil, fmt.Errorf("the answer carries a patch with no operations; an unchanged object must get no patch")
	}

	patched, err := patch.Apply(object)
	if err != nil {
		return nil, fmt.Errorf("the API server could not apply the patch: %v; patch=%.500s", err, a.patch)
	}

	a.object = patched
	return a, nil
}

// verifyResponse follows kube-apiserver's VerifyAdmissionResponse for admission.k8s.io/v1 and a
// mutating webhook. Field names are matched exactly, as the API server's case-sensitive decoder
// does ("Allowed" is not "allowed").
func verifyResponse(data []byte, uid string) (*answer, error) {
	var review map[string]json.RawMessage
	if err := json.Unmarshal(data, &review); err != nil {
		return nil, fmt.Errorf("the answer is not an AdmissionReview: %v", err)
	}

	var apiVersion, kind string
	_ = json.Unmarshal(review["apiVersion"], &apiVersion)
	_ = json.Unmarshal(review["kind"], &kind)
	var response map[string]json.RawMessage
	if raw, ok := review["response"]; ok {
		if err := json.Unmarshal(raw, &response); err != nil {
			return nil, fmt.Errorf("response is not an object: %v", err)
		}
	}

	if response == nil {
		return nil, fmt.Errorf("webhook response was absent")
	}

	var gotUID string
	_ = json.Unmarshal(response["uid"], &gotUID)
	if gotUID != uid {
		return nil, fmt.Errorf("expected response.uid=%q, got %q", uid, gotUID)
	}

	if apiVersion != "admission.k8s.io/v1" || kind != "AdmissionReview" {
		return nil, fmt.Errorf("expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got apiVersion=%q kind=%q", apiVersion, kind)
	}

	a := &answer{}
	if raw, ok := response["allowed"]; ok {
		if err := json.Unmarshal(raw, &a.allowed); err != nil {
			return nil, fmt.Errorf("response.allowed: %v", err)
		}
	}

	var patch []byte
	if raw, ok := response["patch"]; ok && string(raw) != "null" {
		var encoded string
		if err := json.Unmarshal(raw, &encoded); err != nil {
			return nil, fmt.Errorf("response.patch is not a string: %v", err)
		}
		decoded, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			return nil, fmt.Errorf("response.patch is not base64: %v", err)
		}
		patch = decoded
	}

	var patchType *string
	if raw, ok := response["patchType"]; ok && string(raw) != "null" {
		var value string
		if err := json.Unmarshal(raw, &value); err != nil {
			return nil, fmt.Errorf("response.patchType is not a string: %v", err)
		}
		patchType = &value
	}

	switch {
	case len(patch) > 0 && patchType == nil:
		return nil, fmt.Errorf("webhook returned response.patch but not response.patchType")
	case len(patch) == 0 && patchType != nil:
		return nil, fmt.Errorf("webhook returned response.patchType but not response.patch")
	case patchType != nil && *patchType == "":
		return nil, fmt.Errorf("webhook returned invalid response.patchType of %q", *patchType)
	case patchType != nil && *patchType != "JSONPatch":
		// The mutating dispatcher accepts JSONPatch only.
		return nil, fmt.Errorf("unsupported patch type %q", *patchType)
	}

	if len(patch) > 0 {
		a.patch = patch
	}

	if raw, ok := response["status"]; ok && string(raw) != "null" {
		var status map[string]json.RawMessage
		if err := json.Unmarshal(raw, &status); err != nil {
			return nil, fmt.Errorf("response.status is not an object: %v", err)
		}
		_ = json.Unmarshal(status["code"], &a.code)
		_ = json.Unmarshal(status["reason"], &a.reason)
		_ = json.Unmarshal(status["message"], &a.message)
	}

	if raw, ok := response["warnings"]; ok {
		if err := json.Unmarshal(raw, &a.warnings); err != nil {
			return nil, fmt.Errorf("response.warnings is not a list of strings: %v", err)
		}
	}

	if raw, ok := response["auditAnnotations"]; ok {
		if err := json.Unmarshal(raw, &a.audit); err != nil {
			return nil, fmt.Errorf("response.auditAnnotations is not a map of strings: %v", err)
		}
	}

	return a, nil
}

// newUID is a random RFC 4122 version 4 uid, as the API server gives every request.
func newUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
