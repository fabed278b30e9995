#!/usr/bin/env bash
# End-to-end test on a kind cluster: builds the image, installs the Helm chart, creates objects
# labelled the way Velero labels restored objects, and checks what the webhook did with kubectl.
#
#   tests/e2e/kind/run.sh            # needs docker, kind, kubectl, helm
#   KEEP_CLUSTER=1 tests/e2e/kind/run.sh   # leave the cluster for debugging
#
# The cluster is deleted at the end (also on failure) unless KEEP_CLUSTER=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
cluster="${KIND_CLUSTER_NAME:-restore-mutator-e2e}"
image="restore-mutator:e2e"
ns="shop"
context="kind-$cluster"

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool is required" >&2; exit 1; }
done

k() { kubectl --context "$context" "$@"; }
step() { echo; echo "e2e: $*"; }
failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    echo "  ok   $1"
  else
    echo "  FAIL $1: expected '$2', got '$3'"
    failures=$((failures + 1))
  fi
}

cleanup() {
  status=$?
  if [ "$status" -ne 0 ] || [ "$failures" -ne 0 ]; then
    echo "e2e: diagnostics"
    k -n restore-mutator get pods -o wide || true
    k -n restore-mutator logs -l app.kubernetes.io/name=restore-mutator --tail=100 --prefix || true
  fi
  if [ "${KEEP_CLUSTER:-0}" != "1" ]; then
    kind delete cluster --name "$cluster" || true
  fi
}

step "creating kind cluster $cluster"
trap cleanup EXIT
kind create cluster --name "$cluster" --wait 180s

step "building and loading $image"
docker build -f "$repo/src/Webhook/Dockerfile" -t "$image" "$repo"
kind load docker-image "$image" --name "$cluster"

step "installing the OpenShift CRDs the rules handle (Route, Build, BuildConfig, ImageStream, DeploymentConfig)"
k apply -f "$here/crds/"
k wait --for condition=Established --timeout=60s -f "$here/crds/"

step "installing the chart"
# The Role that reads Velero Restores lives in the Velero namespace.
k create namespace velero
helm --kube-context "$context" install restore-mutator "$repo/deploy/helm/restore-mutator" \
  --namespace restore-mutator --create-namespace \
  --values "$here/values.yaml" --wait --timeout 180s
k -n restore-mutator rollout status deployment/restore-mutator --timeout=120s
k create namespace "$ns"

# A server-side dry run of a restored object goes through the webhook (failurePolicy Fail):
# retry until the API server reaches it.
ready=0
for _ in $(seq 1 30); do
  if k -n "$ns" create --dry-run=server -o name -f - >/dev/null 2>&1 <<'PROBE'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: probe
  labels: {velero.io/restore-name: nightly-e2e}
PROBE
  then ready=1; break; fi
  sleep 2
done
check "webhook reachable from the API server" 1 "$ready"

step "Deployment restored with a quay.io/acme image: rewritten by registry.rewrites (R2)"
k -n "$ns" apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, velero.io/backup-name: nightly, velero.io/restore-name: nightly-e2e}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: quay.io/acme/web:1.4
YAML
check "image" "mirror.example.com/acme/web:1.4" \
  "$(k -n "$ns" get deployment web -o jsonpath='{.spec.template.spec.containers[0].image}')"
check "destination recorded (R4)" "image-registry.openshift-image-registry.svc:5000" \
  "$(k -n "$ns" get deployment web -o jsonpath='{.metadata.annotations.openshift\.io/restore-registry-hostname}')"

step "Deployment restored from another cluster's internal registry: host and namespace mapped (R1)"
k -n "$ns" apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api, velero.io/restore-name: nightly-e2e}
  annotations: {openshift.io/backup-registry-hostname: "docker-registry.default.svc:5000"}
spec:
  replicas: 0
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: docker-registry.default.svc:5000/shop-old/api:2.0
YAML
check "image" "image-registry.openshift-image-registry.svc:5000/shop/api:2.0" \
  "$(k -n "$ns" get deployment api -o jsonpath='{.spec.template.spec.containers[0].image}')"

step "Deployment without the restore label: not routed, unchanged (S1)"
k -n "$ns" apply -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: plain
  labels: {app: plain}
spec:
  replicas: 0
  selector: {matchLabels: {app: plain}}
  template:
    metadata: {labels: {app: plain}}
    spec:
      containers:
        - name: plain
          image: quay.io/acme/web:1.4
YAML
check "image" "quay.io/acme/web:1.4" \
  "$(k -n "$ns" get deployment plain -o jsonpath='{.spec.template.spec.containers[0].image}')"

step "Pod of a ReplicaSet (pod-template-hash): skipped with AlreadyExists (P2, P4)"
set +e
out="$(k -n "$ns" create -f - 2>&1 <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c-x2x
  labels: {app: web, pod-template-hash: 7d4b9c, velero.io/restore-name: nightly-e2e}
spec:
  containers:
    - name: web
      image: quay.io/acme/web:1.4
YAML
)"
set -e
echo "  $out"
check "denied as AlreadyExists" 1 "$(grep -c 'AlreadyExists' <<<"$out" || true)"
check "message names the reason" 1 "$(grep -c 'restore-mutator skipped pod' <<<"$out" || true)"
check "pod not created" "" "$(k -n "$ns" get pod web-7d4b9c-x2x -o name --ignore-not-found)"

step "Route with a generated host: host removed (T1)"
k -n "$ns" apply -f - <<'YAML'
apiVersion: route.openshift.io/v1
kind: Route
metadata:
  name: web
  labels: {velero.io/restore-name: nightly-e2e}
  annotations: {openshift.io/host.generated: "true"}
spec:
  host: web-shop.apps.old.example.com
  to: {kind: Service, name: web}
YAML
check "spec.host" "" "$(k -n "$ns" get route.route.openshift.io web -o jsonpath='{.spec.host}')"
check "applied annotation (S7)" "route-host" \
  "$(k -n "$ns" get route.route.openshift.io web -o jsonpath='{.metadata.annotations.restore-mutator\.io/applied}')"

step "break-glass: deleting the webhook configuration stops the calls"
k delete mutatingwebhookconfiguration restore-mutator
k -n "$ns" create -f - <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web-7d4b9c-x2x
  labels: {app: web, pod-template-hash: 7d4b9c, velero.io/restore-name: nightly-e2e}
spec:
  containers:
    - name: web
      image: quay.io/acme/web:1.4
YAML
check "pod created without the webhook" "pod/web-7d4b9c-x2x" "$(k -n "$ns" get pod web-7d4b9c-x2x -o name)"

echo
if [ "$failures" -ne 0 ]; then
  echo "e2e: $failures check(s) failed"
  exit 1
fi
echo "e2e: all checks passed"
