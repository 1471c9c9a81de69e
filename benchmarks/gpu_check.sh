#!/usr/bin/env bash
# The GPU checks of one short device lease, as one command (issue 17): run on the GPU machine from
# the repository root after `bash benchmarks/gpu_prepare.sh [BASELINE_REF]` here, carrying `.whl`
# and `.dev`. Each measurement runs the working tree's code and, when .dev/old holds a baseline,
# that code next, on the same machine (each run started a fresh machine before, and the networks'
# own speed moved between them by a third, so only figures of one machine are compared):
#
#   1. benchmarks/pipeline.py --device cuda: model-only and end to end with the indexer's default
#      (threads feeding batches), then with --helpers 12 (CPU helper processes)
#   2. the GPU-path tests (the batch post-processed at once against its images one by one, fast
#      regions against the reference, batched indexing)
#   3. benchmarks/profile_indexing.py --device cuda: each stage's serial cost per photo and a
#      cProfile, end to end over 300 distinct files with 4 threads and with 12 helpers (its feeding
#      thread profiled), then with each other number of helpers in $HELPERS (comma-separated) and
#      each batch size in $BATCHES; the baseline through the same script, 12 helpers
#
# Results land in $OUT (pipeline-{new,old}-{threads,helpers12}.json, tests.txt, profile-{new,old}.txt,
# and log.txt with nvidia-smi and every step's output as it went, so that a step stopped at its
# limit still shows how far it got): eight files, as many as a device call brings back. Run with
# timeout_s=600; the steps' own limits add up to 620 s (on an H100 the command took 272 s with 12
# helpers alone).
set -uo pipefail
source "$(dirname "$0")/gpu_env.sh"
timeout 70 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --out "$OUT/pipeline-new-threads.json"
old timeout 70 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --out "$OUT/pipeline-old-threads.json"
timeout 80 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --helpers 12 \
  --out "$OUT/pipeline-new-helpers12.json"
old timeout 80 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --helpers 12 \
  --out "$OUT/pipeline-old-helpers12.json"
timeout 60 python3 -m pytest -q -p no:cacheprovider tests/test_pipeline.py tests/test_reliability.py tests/test_index.py \
  -k "batch or decoded or slots or pruned or many_class or one_pixel or component or coverage or unexpected" > "$OUT/tests.txt" 2>&1
tail -3 "$OUT/tests.txt"
timeout 160 python3 benchmarks/profile_indexing.py --device cuda --photos 60 --copies 5 --workers 4 \
  --helpers "${HELPERS:-12}" --batches "${BATCHES:-}" --out "$OUT/profile-new.txt"
# the baseline through this profile script (its own may lack --helpers), which imports the baseline's package
[ -d .dev/old ] && cp benchmarks/profile_indexing.py .dev/old/benchmarks/profile_indexing.py
old timeout 100 python3 benchmarks/profile_indexing.py --device cuda --photos 60 --copies 5 --workers 4 --helpers 12 \
  --out "$OUT/profile-old.txt"
