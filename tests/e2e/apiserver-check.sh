#!/usr/bin/env bash
# The extra end-to-end check: restore-mutator as a real process, called the way kube-apiserver
# calls it, with the API server's own JSON Patch library (evanphx/json-patch). Needs the .NET SDK,
# openssl, Go and Debian's golang-github-evanphx-json-patch-dev (.ci/run installs them); builds
# offline from Debian's Go packages (GOPATH mode).
#
#   tests/e2e/apiserver-check.sh
#
# Steps: go vet + go test of the harness (tests/e2e/apiserver-check: its tests show it fails on
# wrong answers); certificates from certs/generate.sh; the server and tests/tools/FixtureCases in
# Release; every golden fixture under tests/Transforms.Tests/Fixtures converted into case groups
# (one per distinct configuration and lookup facts) plus examples/cases under examples/config.yaml;
# `apiserver-check run`: one real server per group over TLS verified for
# restore-mutator.restore-mutator.svc, every answer checked by the API server's rules, the patch
# applied and compared, each patched result re-sent as an UPDATE (no further operations, S3), and
# malformed bodies (400/415/413, never 5xx, A3). Finally a self-check: one fixture with a wrong
# expectation must make the harness fail and name it.
#
# Environment: APISERVER_CHECK_PARALLEL (servers started and checked at once, default 6),
# FIXTURES_DIR (default tests/Transforms.Tests/Fixtures), KEEP_WORK=1 keeps the scratch directory
# (configs, cases, server logs, fake API calls). Exit 1 on any failure.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
harness_src="$root/tests/e2e/apiserver-check"
fixtures="${FIXTURES_DIR:-tests/Transforms.Tests/Fixtures}"

die() { echo "apiserver-check: $*" >&2; exit 2; }

command -v go >/dev/null || die "Go is required (apt-get install golang-go)"
[ -d /usr/share/gocode/src/github.com/evanphx/json-patch ] ||
  die "evanphx/json-patch is required (apt-get install golang-github-evanphx-json-patch-dev)"
command -v openssl >/dev/null || die "openssl is required (apt-get install openssl)"

work="$(mktemp -d "${TMPDIR:-/tmp}/rm-apicheck.XXXXXX")"
cleanup() {
  if [ "${KEEP_WORK:-0}" = "1" ]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

quiet() { # runs a command, showing its output only when it fails
  local log="$work/step.log"
  if ! "$@" >"$log" 2>&1; then cat "$log" >&2; die "failed: $*"; fi
}

# GOPATH mode with Debian's packages only: no module download, works offline.
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS='' GOCACHE="${GOCACHE:-$root/artifacts/go-cache}"
harness="$root/artifacts/apiserver-check/apiserver-check"
echo "== harness: go vet, go test, go build (tests/e2e/apiserver-check)"
(cd "$harness_src" && quiet go vet . && quiet go test -count=1 . && quiet go build -o "$harness" .)

echo "== certificates: certs/generate.sh"
quiet certs/generate.sh --out "$work/certs"

echo "== building the server and tests/tools/FixtureCases (Release)"
quiet dotnet build src/Webhook/RestoreMutator.Webhook.csproj -c Release --nologo
quiet dotnet build tests/tools/FixtureCases/RestoreMutator.FixtureCases.csproj -c Release --nologo
server_dll="$root/artifacts/bin/RestoreMutator.Webhook/release/RestoreMutator.Webhook.dll"
converter_dll="$root/artifacts/bin/RestoreMutator.FixtureCases/release/RestoreMutator.FixtureCases.dll"

echo "== converting fixtures and examples into case groups"
dotnet "$converter_dll" --out "$work/groups" --fixtures "$fixtures" \
  --examples-config examples/config.yaml --examples-cases examples/cases

status=0
"$harness" run -parallel "${APISERVER_CHECK_PARALLEL:-6}" -groups "$work/groups" -server-dll "$server_dll" -certs "$work/certs" || status=$?
if [ "$status" -ne 0 ]; then
  exit "$status"
fi

# A harness that cannot fail proves nothing: the same chain with one wrong expectation must fail
# and name the fixture (the harness's own go tests cover each rule it checks).
echo "== self-check: a fixture whose expectation differs from the server's answer must fail"
wrong="$work/wrong-fixtures"
mkdir -p "$wrong/scope"
cp tests/Transforms.Tests/Fixtures/default-config.yaml "$wrong/"
cp -r tests/Transforms.Tests/Fixtures/scope/deployment-without-restore-label "$wrong/scope/claims-a-patch"
# Claims the server patches an object without the restore label; the real answer has no patch.
printf '[{"op": "add", "path": "/metadata/labels/x", "value": "y"}]\n' >"$wrong/scope/claims-a-patch/operations.json"
sed '0,/"app": "web"$/s//"app": "web", "x": "y"/' tests/Transforms.Tests/Fixtures/scope/deployment-without-restore-label/input.json \
  >"$wrong/scope/claims-a-patch/expected.json"
grep -q '"x": "y"' "$wrong/scope/claims-a-patch/expected.json" || die "self-check: could not write the wrong expectation"
quiet dotnet "$converter_dll" --out "$work/wrong-groups" --fixtures "$wrong"
self_status=0
"$harness" run -groups "$work/wrong-groups" -server-dll "$server_dll" -certs "$work/certs" >"$work/self-check.log" 2>&1 || self_status=$?
if [ "$self_status" -eq 1 ] && grep -q '^FAIL scope/claims-a-patch$' "$work/self-check.log" &&
  grep -q 'want no patch\|patched object differs' "$work/self-check.log"; then
  grep -A2 '^FAIL scope/claims-a-patch$' "$work/self-check.log"
  echo "self-check passed: the harness failed on the wrong expectation (exit 1)"
else
  cat "$work/self-check.log" >&2
  die "self-check: the harness did not fail on a wrong expectation (exit $self_status)"
fi
echo "apiserver-check.sh: all passed"
