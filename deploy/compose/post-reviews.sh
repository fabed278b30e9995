#!/bin/sh
# One-shot client for docker-compose.yml: posts every AdmissionReview in /reviews to the webhook
# and prints the answer and the decoded JSON patch. Runs in curlimages/curl (busybox sh).
#   WEBHOOK_URL  default https://restore-mutator.restore-mutator.svc:8443/mutate
#   CA_FILE      default /certs/ca.crt
#   REVIEWS_DIR  default /reviews
set -eu
url="${WEBHOOK_URL:-https://restore-mutator.restore-mutator.svc:8443/mutate}"
ca="${CA_FILE:-/certs/ca.crt}"
reviews="${REVIEWS_DIR:-/reviews}"
health="${url%/mutate}/readyz"

# Wait until the webhook is ready (first start compiles nothing, but the image may still be starting).
curl -sf --retry 30 --retry-delay 1 --retry-all-errors --cacert "$ca" "$health" >/dev/null

status=0
for review in "$reviews"/*.json; do
  echo "=== $(basename "$review")"
  if ! answer="$(curl -sS --fail-with-body --cacert "$ca" -H 'Content-Type: application/json' --data-binary "@$review" "$url")"; then
    echo "request failed: $answer"
    status=1
    continue
  fi
  echo "$answer"
  patch="$(printf '%s' "$answer" | sed -n 's/.*"patch":"\([^"]*\)".*/\1/p')"
  if [ -n "$patch" ]; then
    echo "--- patch"
    printf '%s' "$patch" | base64 -d
    echo
  fi
done
exit "$status"
