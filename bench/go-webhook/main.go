// Command go-webhook is the comparison server of bench/load.sh: a plain Go mutating webhook
// (net/http, encoding/json, nothing else) doing the registry work of the Deployment case the way
// such webhooks are usually written. For an object carrying the restore label it rewrites every
// valid image reference of containers[*] and initContainers[*] (Pod spec, or spec.template.spec
// of the workload kinds): first from the source cluster's internal registry (the
// openshift.io/backup-registry-hostname annotation) to -destination with the namespace mapping,
// then through the longest matching -rewrite prefix (Docker Hub short names normalised first),
// and answers with a JSON patch of "replace" operations. Anything else is answered allowed
// without a patch.
//
//	go-webhook -port 8443 -cert tls.crt -key tls.key [-http2] [-log]
//
// The defaults of -destination, -namespace-map and -rewrite are those of
// bench/Transforms.Benchmarks/Samples/config.yaml.
package main

import (
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	restoreLabel       = "velero.io/restore-name"
	registryAnnotation = "openshift.io/backup-registry-hostname"
	maxBody            = 7 << 20
)

// Image references as the distribution grammar has them: [domain[:port]/]path[:tag][@digest],
// path components lower-case alphanumerics with separators, checked with a regular expression as
// Go webhooks usually do (through a reference library).
var referencePattern = regexp.MustCompile(`^` +
	`(?:((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?)/)?` +
	`([a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*)` +
	`(?::([\w][\w.-]{0,127}))?` +
	`(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`)

type rewrite struct{ from, to string }

type rules struct {
	destination  string
	namespaceMap map[string]string
	rewrites     []rewrite // longest from first
}

type gvk struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

type admissionReview struct {
	APIVersion string             `json:"apiVersion"`
	Kind       string             `json:"kind"`
	Request    *admissionRequest  `json:"request,omitempty"`
	Response   *admissionResponse `json:"response,omitempty"`
}

type admissionRequest struct {
	UID       string          `json:"uid"`
	Kind      gvk             `json:"kind"`
	Operation string          `json:"operation"`
	Object    json.RawMessage `json:"object"`
}

type admissionResponse struct {
	UID       string `json:"uid"`
	Allowed   bool   `json:"allowed"`
	PatchType string `json:"patchType,omitempty"`
	Patch     []byte `json:"patch,omitempty"`
}

type container struct {
	Name  string `json:"name"`
	Image string `json:"image"`
}

type podSpec struct {
	InitContainers []container `json:"initContainers"`
	Containers     []container `json:"containers"`
}

type object struct {
	Metadata struct {
		Labels      map[string]string `json:"labels"`
		Annotations map[string]string `json:"annotations"`
	} `json:"metadata"`
	Spec struct {
		podSpec
		Template struct {
			Spec podSpec `json:"spec"`
		} `json:"template"`
	} `json:"spec"`
}

type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value string `json:"value"`
}

var workloadKinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true, "ReplicaSet": true,
	"ReplicationController": true, "DeploymentConfig": true, "Job": true,
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	port := flag.Int("port", 8443, "port on 127.0.0.1")
	cert := flag.String("cert", "", "server certificate (PEM)")
	key := flag.String("key", "", "server key (PEM)")
	http2 := flag.Bool("http2", false, "offer HTTP/2 (ALPN h2) besides HTTP/1.1")
	logReviews := flag.Bool("log", false, "log one line per review to stderr")
	destination := flag.String("destination", "image-registry.openshift-image-registry.svc:5000", "destination registry")
	var namespaceMap, rewrites listFlag
	flag.Var(&namespaceMap, "namespace-map", "OLD=NEW namespace mapping (repeatable; default shop-old=shop)")
	flag.Var(&rewrites, "rewrite", "FROM=TO prefix rewrite (repeatable; default those of Samples/config.yaml)")
	flag.Parse()
	if len(namespaceMap) == 0 {
		namespaceMap = listFlag{"shop-old=shop"}
	}
	if len(rewrites) == 0 {
		rewrites = listFlag{"quay.io/acme=mirror.example.com/acme", "docker.io=mirror.example.com/dockerhub"}
	}
	r, err := newRules(*destination, namespaceMap, rewrites)
	if err != nil || *cert == "" || *key == "" {
		fmt.Fprintln(os.Stderr, "go-webhook: -cert and -key are required;", err)
		os.Exit(2)
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/mutate", func(w http.ResponseWriter, req *http.Request) { serveMutate(w, req, r, *logReviews) })
	ok := func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok") }
	mux.HandleFunc("/readyz", ok)
	mux.HandleFunc("/healthz", ok)
	server := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       130 * time.Second,
		TLSConfig:         &tls.Config{MinVersion: tls.VersionTLS12},
	}
	if !*http2 {
		server.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)))
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("go-webhook listening on %s (http2=%t)", listener.Addr(), *http2)
	log.Fatal(server.ServeTLS(listener, *cert, *key))
}

func newRules(destination string, namespaceMap, rewrites []string) (*rules, error) {
	r := &rules{destination: strings.TrimSuffix(destination, "/"), namespaceMap: map[string]string{}}
	for _, m := range namespaceMap {
		from, to, ok := strings.Cut(m, "=")
		if !ok {
			return nil, fmt.Errorf("namespace mapping %q is not OLD=NEW", m)
		}
		r.namespaceMap[from] = to
	}
	for _, m := range rewrites {
		from, to, ok := strings.Cut(m, "=")
		if !ok {
			return nil, fmt.Errorf("rewrite %q is not FROM=TO", m)
		}
		r.rewrites = append(r.rewrites, rewrite{strings.TrimSuffix(from, "/"), strings.TrimSuffix(to, "/")})
	}
	sort.SliceStable(r.rewrites, func(i, j int) bool { return len(r.rewrites[i].from) > len(r.rewrites[j].from) })
	return r, nil
}

func serveMutate(w http.ResponseWriter, req *http.Request, r *rules, logReviews bool) {
	if req.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxBody))
	if err != nil {
		http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		return
	}
	answer, summary, err := review(body, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(answer)
	if logReviews {
		log.Print(summary)
	}
}

// review answers one AdmissionReview body.
func review(body []byte, r *rules) ([]byte, string, error) {
	var in admissionReview
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, "", fmt.Errorf("not an AdmissionReview: %w", err)
	}
	if in.Request == nil || in.Request.UID == "" {
		return nil, "", errors.New("AdmissionReview without request.uid")
	}
	resp := &admissionResponse{UID: in.Request.UID, Allowed: true}
	ops, err := mutate(in.Request, r)
	if err != nil {
		return nil, "", err
	}
	if len(ops) > 0 {
		patch, err := json.Marshal(ops)
		if err != nil {
			return nil, "", err
		}
		resp.PatchType = "JSONPatch"
		resp.Patch = patch
	}
	out, err := json.Marshal(admissionReview{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview", Response: resp})
	summary := fmt.Sprintf("uid=%s kind=%s operation=%s operations=%d", in.Request.UID, in.Request.Kind.Kind, in.Request.Operation, len(ops))
	return out, summary, err
}

func mutate(req *admissionRequest, r *rules) ([]patchOp, error) {
	if len(req.Object) == 0 || req.Object[0] != '{' {
		return nil, nil
	}
	var obj object
	if err := json.Unmarshal(req.Object, &obj); err != nil {
		return nil, fmt.Errorf("object: %w", err)
	}
	if _, restored := obj.Metadata.Labels[restoreLabel]; !restored {
		return nil, nil
	}
	var spec *podSpec
	var base string
	switch {
	case req.Kind.Kind == "Pod":
		spec, base = &obj.Spec.podSpec, "/spec"
	case workloadKinds[req.Kind.Kind]:
		spec, base = &obj.Spec.Template.Spec, "/spec/template/spec"
	default:
		return nil, nil
	}
	source := obj.Metadata.Annotations[registryAnnotation]
	var ops []patchOp
	for _, list := range []struct {
		name       string
		containers []container
	}{{"initContainers", spec.InitContainers}, {"containers", spec.Containers}} {
		for i, c := range list.containers {
			if moved, ok := r.rewrite(c.Image, source); ok {
				ops = append(ops, patchOp{"replace", base + "/" + list.name + "/" + strconv.Itoa(i) + "/image", moved})
			}
		}
	}
	return ops, nil
}

// rewrite moves one reference: internal registry first, then the longest matching prefix.
func (r *rules) rewrite(image, source string) (string, bool) {
	m := referencePattern.FindStringSubmatch(image)
	if m == nil {
		return "", false
	}
	changed := false
	if source != "" && r.destination != "" && strings.HasPrefix(image, source+"/") {
		rest := image[len(source)+1:]
		if ns, tail, ok := strings.Cut(rest, "/"); ok {
			if mapped, found := r.namespaceMap[ns]; found {
				ns = mapped
			}
			image, changed = r.destination+"/"+ns+"/"+tail, true
			if m = referencePattern.FindStringSubmatch(image); m == nil {
				return "", false
			}
		}
	}
	domain, path := m[1], m[2]
	suffix := image[len(joinName(domain, path)):] // tag and digest as written
	if domain == "" || (!strings.ContainsAny(domain, ".:") && domain != "localhost") {
		// Docker Hub short forms: nginx is docker.io/library/nginx, bitnami/redis docker.io/bitnami/redis.
		if domain != "" {
			path = domain + "/" + path
		}
		domain = "docker.io"
		if !strings.Contains(path, "/") {
			path = "library/" + path
		}
	}
	name := domain + "/" + path
	for _, rw := range r.rewrites {
		if name == rw.from || strings.HasPrefix(name, rw.from+"/") {
			return rw.to + name[len(rw.from):] + suffix, true
		}
	}
	return image, changed
}

func joinName(domain, path string) string {
	if domain == "" {
		return path
	}
	return domain + "/" + path
}
