// Command loadgen drives an admission webhook the way kube-apiserver calls it, for bench/load.sh
// and bench/soak.sh: POST of an AdmissionReview (a fresh uid per call) over TLS verified for the
// service's DNS name, keep-alive HTTP/1.1 or HTTP/2, ?timeout= as the API server sends it. Every
// answer is checked (status 200, AdmissionReview v1, the call's uid, allowed as the case expects,
// a patch that is base64 of a JSON array); a call that fails any check counts as an error.
//
//	loadgen -url https://127.0.0.1:8443/mutate -ca ca.crt -server-name NAME -case CASE.json \
//	    [-c 32] [-d 10s] [-rate 0] [-h2] [-unique-names]
//
// -rate 0 is a closed loop: -c callers, each sending its next review when the previous one is
// answered. -rate R sends R reviews per second on a fixed schedule with -c callers taking them in
// turn; latency is measured from each call's scheduled send time, so a stalled server shows up in
// the percentiles instead of slowing the schedule down (no coordinated omission).
//
// -unique-names gives every call's object a name of its own (request.name and metadata.name: the
// case's name, then -RUN-CALLER-CALL in hex: 26 characters more), as in a restore, where
// each object is created once; without it every call sends the same object.
//
// Prints one line: requests= errors= rps= p50_ms= p90_ms= p99_ms= p999_ms= max_ms= (and
// first_error= when some call failed). The case file is {"name", "request": {kind, resource,
// namespace, name, operation, object[, oldObject]}, "expect": {"allowed"}}, as in
// bench/Transforms.Benchmarks/Samples.
package main

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// uidPlaceholder is written into the review template and overwritten per call (same length).
const uidPlaceholder = "00000000-0000-4000-8000-000000000000"

// nameSuffixPlaceholder is appended to the object's name with -unique-names and overwritten per
// call with uniqueSuffix (same length; '~' is never in a Kubernetes name, so it cannot collide).
const nameSuffixPlaceholder = "-~~~~~~~~~~~~~~~~~~~~~~~~~"

type options struct {
	url        string
	caFile     string
	serverName string
	caseFile   string
	callers    int
	duration   time.Duration
	rate       float64
	http2      bool
	timeout    time.Duration
	unique     bool
}

type caseFile struct {
	Name    string                     `json:"name"`
	Request map[string]json.RawMessage `json:"request"`
	Expect  struct {
		Allowed *bool `json:"allowed"`
	} `json:"expect"`
}

type review struct {
	template  []byte
	uidOffset int
	allowed   bool
	// Where nameSuffixPlaceholder is in template (-unique-names), and the run's part of the suffix.
	nameOffsets []int
	run         uint32
}

type result struct {
	latencies []time.Duration
	errors    int
	firstErr  error
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(2)
	}
	if err := run(opts, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "", "webhook URL (https://host:port/mutate)")
	fs.StringVar(&o.caFile, "ca", "", "PEM file of the CA that signed the server certificate")
	fs.StringVar(&o.serverName, "server-name", "", "name the server certificate is verified for")
	fs.StringVar(&o.caseFile, "case", "", "case file (JSON)")
	fs.IntVar(&o.callers, "c", 32, "concurrent callers")
	fs.DurationVar(&o.duration, "d", 10*time.Second, "duration of the run")
	fs.Float64Var(&o.rate, "rate", 0, "reviews per second on a fixed schedule (0: closed loop)")
	fs.BoolVar(&o.http2, "h2", false, "HTTP/2 (one multiplexed connection, as the API server) instead of HTTP/1.1")
	fs.DurationVar(&o.timeout, "timeout", 5*time.Second, "per-call timeout, also sent as ?timeout=")
	fs.BoolVar(&o.unique, "unique-names", false, "a new object name per call (request.name and metadata.name)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.url == "" || o.caFile == "" || o.caseFile == "":
		return o, errors.New("-url, -ca and -case are required")
	case o.callers < 1:
		return o, errors.New("-c must be at least 1")
	case o.duration <= 0:
		return o, errors.New("-d must be positive")
	case o.rate < 0:
		return o, errors.New("-rate must not be negative")
	}
	return o, nil
}

func run(o options, out io.Writer) error {
	rv, err := loadReview(o.caseFile, o.unique)
	if err != nil {
		return err
	}
	client, err := newClient(o)
	if err != nil {
		return err
	}
	target := o.url
	if strings.Contains(target, "?") {
		target += "&"
	} else {
		target += "?"
	}
	target += "timeout=" + fmt.Sprintf("%ds", int(o.timeout.Seconds()))

	started := time.Now()
	results := make([]result, o.callers)
	var wg sync.WaitGroup
	if o.rate == 0 {
		deadline := started.Add(o.duration)
		for i := 0; i < o.callers; i++ {
			wg.Add(1)
			go func(r *result, id int) {
				defer wg.Done()
				body := make([]byte, len(rv.template))
				var seq uint64
				for time.Now().Before(deadline) {
					seq++
					t0 := time.Now()
					err := call(client, target, rv, body, id, seq)
					r.record(time.Since(t0), err)
				}
			}(&results[i], i)
		}
	} else {
		schedule := make(chan time.Time, 1<<16)
		total := int(o.rate * o.duration.Seconds())
		interval := time.Duration(float64(time.Second) / o.rate)
		go func() {
			defer close(schedule)
			for n := 0; n < total; n++ {
				at := started.Add(time.Duration(n) * interval)
				if d := time.Until(at); d > 0 {
					time.Sleep(d)
				}
				schedule <- at
			}
		}()
		for i := 0; i < o.callers; i++ {
			wg.Add(1)
			go func(r *result, id int) {
				defer wg.Done()
				body := make([]byte, len(rv.template))
				var seq uint64
				for at := range schedule {
					seq++
					err := call(client, target, rv, body, id, seq)
					r.record(time.Since(at), err)
				}
			}(&results[i], i)
		}
	}
	wg.Wait()
	elapsed := time.Since(started)
	fmt.Fprintln(out, summarize(results, elapsed))
	return nil
}

func (r *result) record(latency time.Duration, err error) {
	r.latencies = append(r.latencies, latency)
	if err != nil {
		r.errors++
		if r.firstErr == nil {
			r.firstErr = err
		}
	}
}

func summarize(results []result, elapsed time.Duration) string {
	var all []time.Duration
	errCount := 0
	var firstErr error
	for _, r := range results {
		all = append(all, r.latencies...)
		errCount += r.errors
		if firstErr == nil {
			firstErr = r.firstErr
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	ms := func(q float64) string {
		if len(all) == 0 {
			return "n/a"
		}
		i := int(q*float64(len(all))+0.5) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(all) {
			i = len(all) - 1
		}
		return fmt.Sprintf("%.2f", float64(all[i])/float64(time.Millisecond))
	}
	line := fmt.Sprintf("requests=%d errors=%d rps=%.0f p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s",
		len(all), errCount, float64(len(all))/elapsed.Seconds(), ms(0.50), ms(0.90), ms(0.99), ms(0.999), ms(1))
	if firstErr != nil {
		line += " first_error=" + strings.ReplaceAll(firstErr.Error(), " ", "_")
	}
	return line
}

// loadReview turns a case file into an AdmissionReview template with the fields the API server
// always sets, and a placeholder uid at a known offset (and, when unique, a placeholder name
// suffix at known offsets).
func loadReview(path string, unique bool) (review, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return review{}, err
	}
	var c caseFile
	if err := json.Unmarshal(raw, &c); err != nil {
		return review{}, fmt.Errorf("%s: %w", path, err)
	}
	for _, field := range []string{"kind", "resource", "operation", "object"} {
		if _, ok := c.Request[field]; !ok {
			return review{}, fmt.Errorf("%s: request.%s is missing", path, field)
		}
	}
	req := c.Request
	req["uid"] = json.RawMessage(`"` + uidPlaceholder + `"`)
	setDefault(req, "requestKind", req["kind"])
	setDefault(req, "requestResource", req["resource"])
	setDefault(req, "userInfo", json.RawMessage(`{"username":"system:serviceaccount:velero:velero","groups":["system:serviceaccounts","system:authenticated"]}`))
	setDefault(req, "oldObject", json.RawMessage("null"))
	setDefault(req, "dryRun", json.RawMessage("false"))
	if unique {
		if err := suffixNames(req); err != nil {
			return review{}, fmt.Errorf("%s: %w", path, err)
		}
	}
	body, err := json.Marshal(map[string]any{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": req})
	if err != nil {
		return review{}, err
	}
	offset := bytes.Index(body, []byte(uidPlaceholder))
	if offset < 0 || bytes.Count(body, []byte(uidPlaceholder)) != 1 {
		return review{}, fmt.Errorf("%s: the object must not contain %s", path, uidPlaceholder)
	}
	allowed := true
	if c.Expect.Allowed != nil {
		allowed = *c.Expect.Allowed
	}
	rv := review{template: body, uidOffset: offset, allowed: allowed}
	if unique {
		for at := 0; ; {
			i := bytes.Index(body[at:], []byte(nameSuffixPlaceholder))
			if i < 0 {
				break
			}
			rv.nameOffsets = append(rv.nameOffsets, at+i)
			at += i + len(nameSuffixPlaceholder)
		}
		// Distinct from the runs before and after it against the same server.
		rv.run = uint32(time.Now().UnixNano() / int64(time.Millisecond))
	}
	return rv, nil
}

// suffixNames appends nameSuffixPlaceholder to metadata.name of the object (and of oldObject when
// there is one) and to request.name when it is set.
func suffixNames(req map[string]json.RawMessage) error {
	var name string
	for _, field := range []string{"object", "oldObject"} {
		if string(req[field]) == "null" {
			continue
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(req[field], &obj); err != nil {
			return fmt.Errorf("request.%s: %w", field, err)
		}
		var meta map[string]json.RawMessage
		if err := json.Unmarshal(obj["metadata"], &meta); err != nil || json.Unmarshal(meta["name"], &name) != nil || name == "" {
			return fmt.Errorf("-unique-names: request.%s has no metadata.name", field)
		}
		meta["name"], _ = json.Marshal(name + nameSuffixPlaceholder)
		obj["metadata"], _ = json.Marshal(meta)
		req[field], _ = json.Marshal(obj)
	}
	if raw, ok := req["name"]; ok {
		var requestName string
		if json.Unmarshal(raw, &requestName) == nil && requestName != "" {
			req["name"], _ = json.Marshal(requestName + nameSuffixPlaceholder)
		}
	}
	return nil
}

// uniqueSuffix is a call's name suffix: as long as nameSuffixPlaceholder, lower-case hex.
func uniqueSuffix(run uint32, caller int, seq uint64) string {
	return fmt.Sprintf("-%08x-%04x-%011x", run, uint16(caller), seq&0xfffffffffff)
}

func setDefault(m map[string]json.RawMessage, key string, value json.RawMessage) {
	if _, ok := m[key]; !ok {
		m[key] = value
	}
}

func newClient(o options) (*http.Client, error) {
	pem, err := os.ReadFile(o.caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificates", o.caFile)
	}
	transport := &http.Transport{
		TLSClientConfig:     &tls.Config{RootCAs: pool, ServerName: o.serverName, MinVersion: tls.VersionTLS12},
		MaxIdleConnsPerHost: o.callers,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	if o.http2 {
		transport.ForceAttemptHTTP2 = true
	} else {
		// A non-nil empty map turns HTTP/2 off: one keep-alive connection per caller.
		transport.TLSNextProto = map[string]func(string, *tls.Conn) http.RoundTripper{}
	}
	return &http.Client{Transport: transport, Timeout: o.timeout}, nil
}

// call sends one review with a fresh uid (written into body, the caller's own copy of the
// template) and checks the answer.
func call(client *http.Client, target string, rv review, body []byte, caller int, seq uint64) error {
	copy(body, rv.template)
	uid := fmt.Sprintf("%08x-0000-4000-8000-%012x", uint32(caller), seq&0xffffffffffff)
	copy(body[rv.uidOffset:], uid)
	if len(rv.nameOffsets) > 0 {
		suffix := uniqueSuffix(rv.run, caller, seq)
		for _, at := range rv.nameOffsets {
			copy(body[at:], suffix)
		}
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	answer, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return checkAnswer(answer, uid, rv.allowed)
}

type answer struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Response   *struct {
		UID       string `json:"uid"`
		Allowed   bool   `json:"allowed"`
		Patch     string `json:"patch"`
		PatchType string `json:"patchType"`
	} `json:"response"`
}

func checkAnswer(raw []byte, uid string, allowed bool) error {
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		return fmt.Errorf("answer is not JSON: %w", err)
	}
	switch {
	case a.APIVersion != "admission.k8s.io/v1" || a.Kind != "AdmissionReview" || a.Response == nil:
		return errors.New("answer is not an AdmissionReview v1 with a response")
	case a.Response.UID != uid:
		return fmt.Errorf("answer uid %q, sent %q", a.Response.UID, uid)
	case a.Response.Allowed != allowed:
		return fmt.Errorf("answer allowed=%t, expected %t", a.Response.Allowed, allowed)
	}
	if a.Response.Patch == "" {
		return nil
	}
	if a.Response.PatchType != "JSONPatch" {
		return fmt.Errorf("patchType %q", a.Response.PatchType)
	}
	patch, err := base64.StdEncoding.DecodeString(a.Response.Patch)
	if err != nil {
		return fmt.Errorf("patch is not base64: %w", err)
	}
	var ops []struct {
		Op   string `json:"op"`
		Path string `json:"path"`
	}
	if err := json.Unmarshal(patch, &ops); err != nil {
		return fmt.Errorf("patch is not a JSON array of operations: %w", err)
	}
	for _, op := range ops {
		if op.Op == "" || !strings.HasPrefix(op.Path, "/") {
			return fmt.Errorf("patch operation %q at %q", op.Op, op.Path)
		}
	}
	return nil
}
