#!/usr/bin/env bash
# Steady-state indexing throughput on the GPU machine (issue 17), after `bash
# benchmarks/gpu_prepare.sh [BASELINE_REF]` here, carrying `.whl` and `.dev`: benchmarks/pipeline.py
# with 5 files of each photo (300 ordinary, 150 12 MP JPEGs), so that the run's fixed costs weigh
# as in a large library, with the helpers a run of 500 files or more gets by default (one per
# core but one), with 4 worker threads, and the baseline (.dev/old, run through this script's
# pipeline.py, which it lacks the --copies of) with its own default, the threads. Results in $OUT:
# throughput-{helpers,old,threads}.json and log.txt. Run with timeout_s=420.
set -uo pipefail
source "$(dirname "$0")/gpu_env.sh"
helpers=$(( $(nproc) - 1 ))
run() { timeout 130 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --copies 5 "$@"; }
run --helpers "$helpers" --out "$OUT/throughput-helpers.json"
if [ -d .dev/old ]; then
  cp benchmarks/pipeline.py benchmarks/common.py .dev/old/benchmarks/
  old timeout 130 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --copies 5 \
    --out "$OUT/throughput-old.json"
fi
run --helpers 0 --out "$OUT/throughput-threads.json"
