package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// pullSecretRefAnnotation is where OpenShift 4.16+ names a service account's pull secret.
const pullSecretRefAnnotation = "openshift.io/internal-registry-pull-secret-ref"

// fakeAPI is a small HTTPS Kubernetes API for the webhook's cluster lookups, answering from a
// group's lookup facts: /version (K2), ServiceAccounts (K3), Restores without a namespace mapping
// (K1: the configured mapping stays, as in the fixture tests), and 404 for OpenShift's cluster
// config (not OpenShift: the configured registry and domain apply). Anything else is 404 and
// recorded, so an unexpected call is visible in the group's directory.
type fakeAPI struct {
	facts      *lookupFacts
	dir        string
	token      string
	server     *http.Server
	kubeconfig string
	mu         sync.Mutex
	requests   []string
}

func startFakeAPI(facts *lookupFacts, dir string) (*fakeAPI, error) {
	certificate, caPEM, err := selfSignedLoopbackCertificate()
	if err != nil {
		return nil, err
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}

	api := &fakeAPI{facts: facts, dir: dir, token: newUID()}
	api.server = &http.Server{
		Handler:   api,
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{certificate}, MinVersion: tls.VersionTLS12},
	}
	go func() { _ = api.server.ServeTLS(listener, "", "") }()

	caFile := filepath.Join(dir, "fake-api-ca.crt")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		return nil, err
	}

	api.kubeconfig = filepath.Join(dir, "kubeconfig")
	kubeconfig := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster:
    server: https://%s
    certificate-authority: %s
users:
- name: fake
  user:
    token: %s
contexts:
- name: fake
  context:
    cluster: fake
    user: fake
current-context: fake
`, listener.Addr().String(), caFile, api.token)
	if err := os.WriteFile(api.kubeconfig, []byte(kubeconfig), 0o600); err != nil {
		return nil, err
	}

	return api, nil
}

// close stops the server and leaves the calls it saw in fake-api-requests.log.
func (api *fakeAPI) close() {
	_ = api.server.Close()
	_ = os.WriteFile(filepath.Join(api.dir, "fake-api-requests.log"), []byte(strings.Join(api.seen(), "\n")+"\n"), 0o600)
}

func (api *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	api.mu.Lock()
	api.requests = append(api.requests, r.Method+" "+r.URL.Path)
	api.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+api.token {
		writeStatus(w, http.StatusUnauthorized, "Unauthorized")
		return
	}

	if r.Method != http.MethodGet {
		writeStatus(w, http.StatusMethodNotAllowed, "MethodNotAllowed")
		return
	}

	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case r.URL.Path == "/version" || r.URL.Path == "/version/": // KubernetesClient asks for /version/
		api.version(w)
	case len(parts) == 6 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "namespaces" && parts[4] == "serviceaccounts":
		api.serviceAccount(w, parts[3], parts[5])
	case len(parts) == 4 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "nodes":
		api.clusterObject(w, "v1", "Node", parts[3], api.facts.Nodes[parts[3]])
	case len(parts) == 5 && parts[0] == "apis" && parts[1] == "storage.k8s.io" && parts[2] == "v1" && parts[3] == "storageclasses":
		exists, listed := api.facts.StorageClasses[parts[4]]
		api.clusterObject(w, "storage.k8s.io/v1", "StorageClass", parts[4], exists || !listed)
	case len(parts) == 7 && parts[0] == "apis" && parts[1] == "velero.io" && parts[3] == "namespaces" && parts[5] == "restores":
		if restore := api.facts.Restore; restore != nil {
			if metadata, ok := restore["metadata"].(map[string]interface{}); ok && metadata["name"] == parts[6] {
				writeJSON(w, restore)
				return
			}
		}
		writeJSON(w, map[string]interface{}{
			"apiVersion": "velero.io/v1", "kind": "Restore",
			"metadata": map[string]interface{}{"name": parts[6], "namespace": parts[4]},
			"spec":     map[string]interface{}{},
		})
	default:
		writeStatus(w, http.StatusNotFound, "NotFound")
	}
}

func (api *fakeAPI) version(w http.ResponseWriter) {
	major, minor, ok := strings.Cut(api.facts.ServerVersion, ".")
	if !ok {
		writeStatus(w, http.StatusNotFound, "NotFound")
		return
	}

	writeJSON(w, map[string]string{"major": major, "minor": minor, "gitVersion": "v" + api.facts.ServerVersion + ".0"})
}

// serviceAccount answers as OpenShift 4.16+ does (annotation) and as earlier versions do (the
// dockercfg secret in imagePullSecrets); accounts without a secret are not there.
func (api *fakeAPI) serviceAccount(w http.ResponseWriter, namespace, name string) {
	secret, ok := api.facts.DockercfgSecrets[name]
	if !ok {
		writeStatus(w, http.StatusNotFound, "NotFound")
		return
	}

	writeJSON(w, map[string]interface{}{
		"apiVersion": "v1", "kind": "ServiceAccount",
		"metadata": map[string]interface{}{
			"name": name, "namespace": namespace,
			"annotations": map[string]string{pullSecretRefAnnotation: secret},
		},
		"imagePullSecrets": []map[string]string{{"name": secret}},
	})
}

// clusterObject answers a GET of a cluster-scoped object: the object when it exists, else 404.
func (api *fakeAPI) clusterObject(w http.ResponseWriter, apiVersion, kind, name string, exists bool) {
	if !exists {
		writeStatus(w, http.StatusNotFound, "NotFound")
		return
	}

	writeJSON(w, map[string]interface{}{
		"apiVersion": apiVersion, "kind": kind,
		"metadata": map[string]interface{}{"name": name},
	})
}

func (api *fakeAPI) seen() []string {
	api.mu.Lock()
	defer api.mu.Unlock()
	return append([]string(nil), api.requests...)
}

func writeJSON(w http.ResponseWriter, value interface{}) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(value)
}

func writeStatus(w http.ResponseWriter, code int, reason string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]interface{}{
		"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": reason, "code": code,
	})
}

// selfSignedLoopbackCertificate makes a certificate for 127.0.0.1 that is its own CA.
func selfSignedLoopbackCertificate() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}

	template := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "apiserver-check fake API"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}

	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	certificate, err := tls.X509KeyPair(certPEM, keyPEM)
	return certificate, certPEM, err
}
