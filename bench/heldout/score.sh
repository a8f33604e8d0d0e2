#!/bin/sh
# Build each held-out set into a scratch folder and score it against its gold file.
# Usage: bench/heldout/score.sh [SHARED]   (SHARED: the shared folder with eval/score.py, default ../shared)
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=${1:-$root/../shared}
out=$(mktemp -d)
for set in "$here"/set*/; do
    name=$(basename "$set")
    python "$root/build.py" --seeds "$set/seeds" --content "$out/$name/content" --out "$out/$name/site" --no-search >/dev/null
    printf '%s: ' "$name"
    python "$shared/eval/score.py" "$set/gold.json" "$out/$name/site/data/reports.json" "$set/seeds" | tail -1
done
rm -rf "$out"
