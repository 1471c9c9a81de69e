#!/usr/bin/env bash
# A non-editable install of this checkout, run from another directory, finds its weights through
# $SEGSEARCH_MODELS only and indexes and searches real photos (no reliance on the source layout).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="$root/.venv/bin/python"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$python" -m pip install -q --no-deps --no-build-isolation --target "$tmp/site" "$root"
mkdir "$tmp/photos"
for name in 000000000036 000000000049; do
  cp "$root/../shared/evaldata/coco-voc-100/JPEGImages/$name.jpg" "$tmp/photos/"
done
cd "$tmp"
export PYTHONPATH="$tmp/site"
"$python" -c "import segsearch, sys; assert segsearch.__file__.startswith('$tmp/site'), segsearch.__file__"
"$python" -m segsearch index "$tmp/photos" --index "$tmp/idx" --models voc,coco --json > "$tmp/summary.json"
"$python" -m segsearch search person --index "$tmp/idx" --json | "$python" -c "import json, sys; hits = json.load(sys.stdin); assert hits, 'no hits'"
echo "non-editable install: ok"
