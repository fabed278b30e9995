#!/usr/bin/env bash
# Generates a private CA and a serving certificate for the restore-mutator webhook with openssl.
#
#   certs/generate.sh [--service NAME] [--namespace NS] [--out DIR] [--days N]
#
# Writes DIR/ca.crt, DIR/ca.key, DIR/tls.crt, DIR/tls.key (default DIR: certs/out, git-ignored).
# The serving certificate names <service>.<namespace>.svc, <service>.<namespace>.svc.cluster.local,
# <service>.<namespace>, localhost and 127.0.0.1. Put ca.crt (base64) into the
# MutatingWebhookConfiguration's caBundle and tls.crt/tls.key into the webhook's TLS Secret.
set -euo pipefail

service="restore-mutator"
namespace="restore-mutator"
out="$(cd "$(dirname "$0")" && pwd)/out"
days=365

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --service) service="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --days) days="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077

# CA: kept if it already exists, so re-running re-issues the serving certificate without
# invalidating the caBundle already installed in a cluster.
if [ ! -f "$out/ca.key" ] || [ ! -f "$out/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$out/ca.key" -out "$out/ca.crt" -days $((days * 3)) \
    -subj "/CN=restore-mutator-ca" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

ext="$(mktemp)"
trap 'rm -f "$ext" "$out/tls.csr"' EXIT
cat > "$ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:${service}.${namespace}.svc,DNS:${service}.${namespace}.svc.cluster.local,DNS:${service}.${namespace},DNS:localhost,IP:127.0.0.1
EXT

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$out/tls.key" -out "$out/tls.csr" -subj "/CN=${service}.${namespace}.svc" 2>/dev/null
openssl x509 -req -in "$out/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
  -out "$out/tls.crt" -days "$days" -sha256 -extfile "$ext" 2>/dev/null
rm -f "$out/ca.srl"
chmod 0644 "$out/ca.crt" "$out/tls.crt"
chmod 0600 "$out/ca.key" "$out/tls.key"

openssl verify -CAfile "$out/ca.crt" "$out/tls.crt" >/dev/null
echo "wrote $out/ca.crt $out/tls.crt $out/tls.key (serving ${service}.${namespace}.svc, valid ${days} days)"
