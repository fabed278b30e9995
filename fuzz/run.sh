#!/usr/bin/env bash
# fuzz/run.sh TARGET SECONDS: builds the fuzz targets, instruments the code under test with
# SharpFuzz, runs AFL++ on TARGET for SECONDS, prints AFL++'s figures, and turns every crash or
# property failure (of a found input, or of a seed) into a regression input replayed by
# `dotnet test` (tests/<Project>/Fuzz/<target>/). See fuzz/README.md.
set -euo pipefail

usage() { echo "usage: fuzz/run.sh admission|images|config|rules SECONDS" >&2; exit 2; }
[ $# -eq 2 ] || usage
target="$1"
seconds="$2"
case "$target" in
  admission|images) project="Transforms.Tests"; instrument=(RestoreMutator.Transforms.dll) ;;
  # Rules arrive as YAML, so the parser is instrumented too.
  rules) project="Transforms.Tests"; instrument=(RestoreMutator.Transforms.dll YamlDotNet.dll) ;;
  # The config target also runs the server's loader, and YAML parsing is where its input goes first.
  config) project="Webhook.Tests"; instrument=(RestoreMutator.Transforms.dll RestoreMutator.Webhook.dll YamlDotNet.dll) ;;
  *) usage ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/fuzz/work/$target"
command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz is missing (Debian: apt-get install afl++)" >&2; exit 1; }

echo "fuzz: building $target"
rm -rf "$work"
mkdir -p "$work"
(cd "$root" && dotnet tool restore >/dev/null)
# One plain build for every target (incremental, so the next target's publish is quick); replays
# use it. AFL++ runs an instrumented copy (instrumented code only runs inside SharpFuzz's loop,
# which sets up the coverage map).
plain="$root/fuzz/work/plain"
dotnet publish "$root/fuzz/RestoreMutator.Fuzz.csproj" -c Release -o "$plain" --nologo -v q >/dev/null
cp -r "$plain" "$work/instrumented"
for dll in "${instrument[@]}"; do
  (cd "$root" && dotnet sharpfuzz "$work/instrumented/$dll")
done
# The property checks too (not the fork-server loop): a body refused before any product code runs
# (not UTF-8, not JSON) must still leave a trace, or AFL++ stops with "No instrumentation detected".
(cd "$root" && dotnet sharpfuzz "$work/instrumented/RestoreMutator.Fuzz.dll" RestoreMutator.Fuzz.Properties)

dotnet "$plain/RestoreMutator.Fuzz.dll" seeds "$target" "$root" "$work/seeds"

# AFL_SKIP_BIN_CHECK: the program is `dotnet`, which carries no AFL instrumentation of its own
#   (the instrumentation is in the managed assemblies). AFL_NO_UI: plain log lines, for CI and files.
# AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES: core_pattern may pipe cores to a handler that a container
#   cannot change; crashes here are exceptions reported through the fork server, never core dumps.
# AFL_SKIP_CPUFREQ: the CPU frequency governor is not readable or settable on shared machines.
# AFL_NO_AFFINITY: the machine is shared; do not pin a core that others' builds need.
# AFL_SKIP_CRASHES: a seed that already fails is reported by the replay below instead of stopping AFL++.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_SKIP_CRASHES=1
echo "fuzz: afl-fuzz on $target for ${seconds}s"
# -t 10000: a .NET child started after a hang needs seconds before its first answer; AFL++ still
# calibrates the per-input timeout far lower. -m none: the CLR reserves more address space than any limit.
afl-fuzz -i "$work/seeds" -o "$work/findings" -x "$root/fuzz/dictionaries/$target.dict" -t 10000 -m none -V "$seconds" \
  -- dotnet "$work/instrumented/RestoreMutator.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || {
  tail -n 30 "$work/afl.log" >&2
  echo "fuzz: afl-fuzz failed (log: $work/afl.log)" >&2
  exit 1
}

stats="$work/findings/default/fuzzer_stats"
echo "fuzz: $target results (AFL++ $stats)"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|bitmap_cvg|edges_found|total_edges|stability|saved_crashes|saved_hangs)\b' "$stats" | sed 's/^/  /'

# Replay every seed, crash and hang with the plain build; keep one input per distinct failure.
# Seeds in one process (they rarely fail); crashes and hangs one process each, under a time limit,
# because some failures end the process (a stack overflow cannot be caught).
regressions="$root/tests/$project/Fuzz/$target"
shopt -s nullglob
results="$work/replay.txt"
replay_each() {
  local file output status frame
  for file in "$@"; do
    status=0
    output="$(timeout 60 dotnet "$plain/RestoreMutator.Fuzz.dll" replay "$target" "$file" 2>&1)" || status=$?
    case "$status" in
      0|1) grep -E '^(ok|FAIL) ' <<<"$output" || true ;;
      124) echo "FAIL Hang $file still running after 60 s" ;;
      *)
        frame="$(grep -m1 -oE 'at RestoreMutator\.(Transforms|Webhook)\.[A-Za-z0-9_.]+' <<<"$output" | cut -c4- || true)"
        echo "FAIL ProcessDied/$status/${frame:-none} $file $(head -n1 <<<"$output")" ;;
    esac
  done
}
status=0
dotnet "$plain/RestoreMutator.Fuzz.dll" replay "$target" "$work/seeds"/* >"$results" 2>/dev/null || status=$?
if [ "$status" -gt 1 ]; then
  replay_each "$work/seeds"/* >"$results"
fi
crashes=("$work/findings/default/crashes"/id:* "$work/findings/default/hangs"/id:*)
replay_each "${crashes[@]:0:200}" >>"$results"
recorded=0
declare -A seen=()
while read -r verdict signature file message; do
  [ "$verdict" = FAIL ] || continue
  [ -z "${seen[$signature]:-}" ] || continue
  seen[$signature]=1
  mkdir -p "$regressions"
  name="$(sha256sum "$file" | cut -c1-16).input"
  cp "$file" "$regressions/$name"
  recorded=$((recorded + 1))
  echo "fuzz: FINDING $signature -> tests/$project/Fuzz/$target/$name"
  echo "      $message"
  echo "      input (base64): $(head -c 4096 "$file" | base64 -w0)"
done <"$results"

if [ "$recorded" -gt 0 ]; then
  echo "fuzz: $recorded finding(s) recorded; \`dotnet test --filter FullyQualifiedName~FuzzRegression\` replays them"
else
  echo "fuzz: no crash and no property failure"
fi
