#!/usr/bin/env bash
# Builds examples/sample-backup.tar.gz from examples/backup/ in the layout `velero backup download`
# produces (format 1.1.0): every object at resources/<resource>/{namespaces/<ns>,cluster}/<name>.json
# and again under resources/<resource>/<version>-preferredversion/..., as Velero writes it.
#   examples/make-sample-backup.sh [OUTPUT]
#   dotnet run --project src/Cli -c Release -- preview --config examples/config.yaml examples/sample-backup.tar.gz
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
output="${1:-$here/sample-backup.tar.gz}"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

cp -R "$here/backup/." "$staging/"
cd "$staging"
find resources -name '*.json' | sort | while read -r file; do
  resource="$(cut -d/ -f2 <<<"$file")"
  rest="$(cut -d/ -f3- <<<"$file")"
  api_version="$(grep -o '"apiVersion": *"[^"]*"' "$file" | head -n1 | sed 's/.*"\([^"]*\)"$/\1/')"
  version="${api_version##*/}"
  mkdir -p "resources/$resource/$version-preferredversion/$(dirname "$rest")"
  cp "$file" "resources/$resource/$version-preferredversion/$rest"
done
tar -czf "$output" --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-11-20 00:00Z' metadata resources
echo "wrote $output"
