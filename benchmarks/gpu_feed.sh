#!/usr/bin/env bash
# Where the time goes when a GPU is fed (issue 17), as one device command after `bash
# benchmarks/gpu_prepare.sh` here, carrying `.whl` and `.dev`:
#   1. benchmarks/gpu_decode.py: nvJPEG decoding and GPU resizing against the CPU path, and how
#      far their network inputs and label maps lie from the CPU-made ones
#   2. benchmarks/pipeline.py, 5 files of each photo, the default helpers (one per core but one),
#      at the indexer's batch size and at ${BATCH:-32}, with each run's cpu_busy and the helpers'
#      summed prepare and regions seconds
#   3. the same at ${BATCH:-32} with the feeding thread profiled (3 files of each photo)
# Results in $OUT: decode.json, feed-default.json, feed-batch.json, feed-profiled.json,
# prof-{ordinary,large}.txt and log.txt. Run with timeout_s=420.
set -uo pipefail
source "$(dirname "$0")/gpu_env.sh"
helpers=$(( $(nproc) - 1 ))
[ -n "${SKIP_DECODE:-}" ] || timeout 100 python3 benchmarks/gpu_decode.py --device cuda --photos 40 --large 16 --out "$OUT/decode.json"
run=(python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --helpers "$helpers")
timeout 130 "${run[@]}" --copies 5 --out "$OUT/feed-default.json"
timeout 130 "${run[@]}" --copies 5 --batch "${BATCH:-32}" --out "$OUT/feed-batch.json"
timeout 100 "${run[@]}" --copies 3 --batch "${BATCH:-32}" --profile "$OUT/prof" --out "$OUT/feed-profiled.json"
