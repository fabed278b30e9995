#!/usr/bin/env bash
# Cluster lookups end to end: startup time, per-lookup latency and working set of the webhook with
# lookups on, against a local HTTPS fake API (bench/lookups/fake_api.py).
#
#   bench/lookups.sh [REPO]      # REPO: the checkout to measure (default: this one)
#
# For REPO it publishes src/Webhook in Release and, with a kubeconfig for the fake API:
#   - RUNS (5) cold starts: ms from exec to /readyz 200, and to the first answered review whose
#     patch used discovered facts (registry, version and Restore looked up);
#   - a DURATION (15s) wrk run (CONNECTIONS 8, 2 threads, bench/lookups/review.lua): restored Pods,
#     each in a new namespace, so every review makes one uncached ServiceAccount lookup; reported:
#     reviews/s, wrk's p50/p99, the lookups' own mean duration and count from /metrics
#     (restore_mutator_lookup_duration_seconds{target="serviceaccount"}), and the working set
#     (VmRSS sampled every 200 ms, max, and VmHWM).
# Needs dotnet, python3, openssl, curl, wrk.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "${1:-$here/..}" && pwd)"
runs="${RUNS:-5}"
duration="${DURATION:-15s}"
connections="${CONNECTIONS:-8}"
token="sha256~bench-token"
for tool in dotnet python3 openssl curl wrk; do
  command -v "$tool" >/dev/null || { echo "lookups.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d /tmp/restore-mutator-lookups.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }

echo "lookups.sh: publishing $repo/src/Webhook" >&2
dotnet publish "$repo/src/Webhook" -c Release -o "$work/webhook" --nologo -v q >/dev/null

# One CA; one certificate for 127.0.0.1, used by the fake API and the webhook.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=bench-ca \
  -keyout "$work/ca.key" -out "$work/ca.crt" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=127.0.0.1 \
  -keyout "$work/tls.key" -out "$work/tls.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$work/ext"
openssl x509 -req -in "$work/tls.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
  -extfile "$work/ext" -out "$work/tls.crt" 2>/dev/null

api_port="$(free_port)"
python3 "$here/lookups/fake_api.py" "$api_port" "$work/tls.crt" "$work/tls.key" "$token" >/dev/null &
pids+=($!)
cat > "$work/kubeconfig" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: fake
  cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: ca.crt}
users:
- name: bench
  user: {token: "$token"}
contexts:
- name: bench
  context: {cluster: fake, user: bench}
current-context: bench
YAML
port="$(free_port)"
cat > "$work/config.yaml" <<YAML
server: {port: $port, address: 127.0.0.1, tls: {certFile: "$work/tls.crt", keyFile: "$work/tls.key"}}
lookups: auto
velero: {namespace: openshift-adp}
registry:
  rewrites: [{from: quay.io/acme, to: mirror.example.com/acme}]
YAML
url="https://127.0.0.1:$port"
curl_() { curl -s --cacert "$work/ca.crt" "$@"; }
review='{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u1","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"name":"web","namespace":"shop","operation":"CREATE","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"shop","labels":{"velero.io/restore-name":"nightly-20261120"},"annotations":{"openshift.io/backup-registry-hostname":"docker-registry.default.svc:5000"}},"spec":{"containers":[{"name":"web","image":"docker-registry.default.svc:5000/shop-old/web:1"}]}}}}'

start_webhook() {
  RESTORE_MUTATOR_LOG_LEVEL=Warning "$work/webhook/RestoreMutator.Webhook" --config "$work/config.yaml" --kubeconfig "$work/kubeconfig" >>"$work/webhook.log" 2>&1 &
  webhook=$!
  pids+=("$webhook")
}
stop_webhook() { kill "$webhook"; wait "$webhook" 2>/dev/null || true; }

echo "| run | ready (ms) | first review with lookups (ms) |"
echo "|---|---|---|"
for run in $(seq 1 "$runs"); do
  started="$(now_ms)"
  start_webhook
  until [ "$(curl_ -o /dev/null -w '%{http_code}' "$url/readyz" || true)" = 200 ]; do sleep 0.01; done
  ready="$(now_ms)"
  until curl_ -H 'Content-Type: application/json' -d "$review" "$url/mutate?timeout=10s" | grep -q '"patch"'; do sleep 0.01; done
  answered="$(now_ms)"
  echo "| $run | $((ready - started)) | $((answered - started)) |"
  stop_webhook
done

start_webhook
until [ "$(curl_ -o /dev/null -w '%{http_code}' "$url/readyz" || true)" = 200 ]; do sleep 0.05; done
curl_ -H 'Content-Type: application/json' -d "$review" "$url/mutate?timeout=10s" >/dev/null
idle="$(awk '/VmRSS/ {print $2}' "/proc/$webhook/status")"
wrk -t2 -c"$connections" -d3s -s "$here/lookups/review.lua" "$url" >/dev/null   # warm-up
before="$(curl_ "$url/metrics" | awk '/^restore_mutator_lookup_duration_seconds_(sum|count)\{target="serviceaccount"\}/ {print $2}' | paste -sd' ')"
( max=0; while kill -0 "$webhook" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$webhook/status" 2>/dev/null || echo 0)
    [ "${rss:-0}" -gt "$max" ] && max=$rss && echo "$max" > "$work/rss-max"
    sleep 0.2
  done ) &
sampler=$!
wrk -t2 -c"$connections" -d"$duration" --latency -s "$here/lookups/review.lua" "$url" > "$work/wrk.txt"
kill "$sampler" 2>/dev/null || true
after="$(curl_ "$url/metrics" | awk '/^restore_mutator_lookup_duration_seconds_(sum|count)\{target="serviceaccount"\}/ {print $2}' | paste -sd' ')"
hwm="$(awk '/VmHWM/ {print $2}' "/proc/$webhook/status")"
failures="$(curl_ "$url/metrics" | awk '/^restore_mutator_lookup_failures_total/ {sub(/^restore_mutator_lookup_failures_total/, ""); printf "%s ", $0}')"
read -r sum0 count0 <<<"$before"
read -r sum1 count1 <<<"$after"
echo
echo "load ($duration, $connections connections): $(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt") reviews/s," \
  "p50 $(awk '$1=="50%" {print $2}' "$work/wrk.txt"), p99 $(awk '$1=="99%" {print $2}' "$work/wrk.txt")," \
  "non-2xx $(awk '/Non-2xx/ {print $4}' "$work/wrk.txt" | grep . || echo 0)"
awk -v s0="$sum0" -v c0="$count0" -v s1="$sum1" -v c1="$count1" \
  'BEGIN {printf "serviceaccount lookups: %d, mean %.2f ms\n", c1-c0, (s1-s0)/(c1-c0)*1000}'
echo "lookup failures: ${failures:-none}"
echo "working set: after the first review $((idle / 1024)) MiB; under load max VmRSS $(( $(cat "$work/rss-max") / 1024 )) MiB, VmHWM $((hwm / 1024)) MiB"
stop_webhook
