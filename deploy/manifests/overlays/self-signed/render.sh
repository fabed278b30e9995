#!/usr/bin/env bash
# Renders the self-signed overlay: makes (or keeps) the CA and serving certificate in
# ./certs with certs/generate.sh, then prints `kubectl kustomize` of this folder.
#
#   deploy/manifests/overlays/self-signed/render.sh                    # print the manifests
#   deploy/manifests/overlays/self-signed/render.sh | kubectl apply -f -
#
# Same as: certs/generate.sh --out deploy/manifests/overlays/self-signed/certs
#          kubectl apply -k deploy/manifests/overlays/self-signed
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../../.." && pwd)"

command -v kubectl >/dev/null || { echo "kubectl is required (it embeds kustomize)" >&2; exit 1; }
"$repo/certs/generate.sh" --service restore-mutator --namespace restore-mutator --out "$here/certs" >&2
kubectl kustomize "$here"
