#!/usr/bin/env bash
# Steady-state indexing throughput on the GPU machine (issue 17), after `bash
# benchmarks/gpu_prepare.sh BASELINE_REF` here, carrying `.whl` and `.dev`: benchmarks/pipeline.py
# with 5 files of each photo (300 ordinary, 150 12 MP JPEGs), so that the run's fixed costs weigh
# as in a large library, with the helpers a run of 500 files or more gets by default (one per core
# but one) and each code's own default batch size; the working tree's code and the baseline's
# (.dev/old, run through this script's pipeline.py) alternated, ${ROUNDS:-2} runs each. Results
# in $OUT: throughput-{new,old}-N.json and log.txt. Run with timeout_s=420 for two rounds.
set -uo pipefail
source "$(dirname "$0")/gpu_env.sh"
helpers=$(( $(nproc) - 1 ))
[ -d .dev/old ] && cp benchmarks/pipeline.py benchmarks/common.py .dev/old/benchmarks/
for round in $(seq "${ROUNDS:-2}"); do
  timeout 130 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --copies 5 --helpers "$helpers" \
    --out "$OUT/throughput-new-$round.json"
  old timeout 130 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --copies 5 --helpers "$helpers" \
    --out "$OUT/throughput-old-$round.json"
done
