#!/usr/bin/env bash
# Server CPU per review of two revisions of the webhook, side by side in one run.
#
#   bench/ab-cpu.sh BEFORE_REV [AFTER_REV]      (AFTER_REV default: the work tree)
#
# Publishes both (Release), starts both at once with the same certificates (certs/generate.sh) and
# rules (bench/Transforms.Benchmarks/Samples/config.yaml), logs to a file as a container runtime
# collects them, then drives one at a time with h2load (HTTP/1.1 over TLS, 16 keep-alive
# connections), alternating before/after for ROUNDS rounds per sample, and prints the server's own
# CPU (utime + stime from /proc/<pid>/stat) per answered review for each run. Alternating pairs
# keep the comparison fair on a machine whose speed drifts; quote the medians.
#
# Environment: ROUNDS (8), SECONDS_PER_RUN (5), SAMPLES ("pod-5k route"), CONNECTIONS (16).
# Needs dotnet, git, python3, h2load (Debian: nghttp2-client).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 1 ] || { sed -n '2,/^set /{/^#/p}' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
before_rev="$1"
after_rev="${2:-}"
rounds="${ROUNDS:-8}"
seconds="${SECONDS_PER_RUN:-5}"
read -ra samples <<<"${SAMPLES:-pod-5k route}"
connections="${CONNECTIONS:-16}"
for tool in dotnet git python3 h2load; do
  command -v "$tool" >/dev/null || { echo "ab-cpu.sh: $tool is required" >&2; exit 1; }
done

work="$(mktemp -d /tmp/restore-mutator-ab.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

tree() { # tree REV DIR: the sources of REV (or the work tree when REV is empty) in DIR
  mkdir -p "$2"
  if [ -z "$1" ]; then
    git -C "$root" ls-files -z | (cd "$root" && xargs -0 cp --parents -t "$2")
  else
    git -C "$root" archive "$1" | tar -x -C "$2"
  fi
}

echo "ab-cpu: publishing ${before_rev} and ${after_rev:-the work tree}" >&2
for side in before after; do
  rev="$before_rev"; [ "$side" = after ] && rev="$after_rev"
  tree "$rev" "$work/src-$side"
  dotnet publish "$work/src-$side/src/Webhook" -c Release -o "$work/$side" --nologo -v q >"$work/publish-$side.log" 2>&1 \
    || { cat "$work/publish-$side.log" >&2; exit 1; }
done
"$root/certs/generate.sh" --out "$work/certs" >/dev/null

SAMPLE_DIR="$root/bench/Transforms.Benchmarks/Samples" OUT="$work" python3 - "${samples[@]}" <<'PY'
import json, os, sys
# The review bench/loadgen (and the API server) would send for each case (as bench/Transforms.Benchmarks/Sample.cs builds it).
for name in sys.argv[1:]:
    request = dict(json.load(open(os.path.join(os.environ["SAMPLE_DIR"], name + ".json")))["request"])
    request.update(uid="0000beef-sim0-4000-8000-000000000001", requestKind=request["kind"], requestResource=request["resource"],
                   userInfo={"username": "system:serviceaccount:velero:velero", "uid": "5f1c", "groups": ["system:authenticated"]},
                   dryRun=False, options={"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}, oldObject=None)
    json.dump({"kind": "AdmissionReview", "apiVersion": "admission.k8s.io/v1", "request": request}, open(os.path.join(os.environ["OUT"], name + ".review.json"), "w"))
PY

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A port pid
for side in before after; do
  port[$side]="$(free_port)"
  {
    printf 'server:\n  port: %s\n  address: 127.0.0.1\n' "${port[$side]}"
    printf '  tls:\n    certFile: %s\n    keyFile: %s\n' "$work/certs/tls.crt" "$work/certs/tls.key"
    cat "$root/bench/Transforms.Benchmarks/Samples/config.yaml"
  } >"$work/config-$side.yaml"
  dotnet "$work/$side/RestoreMutator.Webhook.dll" --config "$work/config-$side.yaml" >"$work/$side.log" 2>&1 &
  pid[$side]=$!
  pids+=("${pid[$side]}")
done
sleep 5

ticks="$(getconf CLK_TCK)"
cpu() { awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$1/stat"; }
load() { # load SIDE SAMPLE SECONDS: prints the number of 2xx answers
  h2load --h1 -c "$connections" -t 1 -D "$3" -d "$work/$2.review.json" -H 'content-type: application/json' \
    "https://127.0.0.1:${port[$1]}/mutate" 2>&1 | awk '/^status codes:/ {print $3}'
}

echo "| sample | round | before µs/review | after µs/review | load average |"
echo "|---|---:|---:|---:|---|"
for sample in "${samples[@]}"; do
  load before "$sample" 3 >/dev/null; load after "$sample" 3 >/dev/null
  for round in $(seq "$rounds"); do
    declare -A result
    for side in before after; do
      start="$(cpu "${pid[$side]}")"
      answered="$(load "$side" "$sample" "$seconds")"
      end="$(cpu "${pid[$side]}")"
      result[$side]="$(awk -v a="$start" -v b="$end" -v n="$answered" 'BEGIN { printf "%.1f", (b - a) * 1e6 / n }')"
    done
    echo "| $sample | $round | ${result[before]} | ${result[after]} | $(cut -d' ' -f1-3 /proc/loadavg) |"
  done
done
