#!/usr/bin/env bash
# The GPU checks of one short device lease, as one command (issues 14 and 17): run on the GPU machine
# from the repository root after `bash benchmarks/gpu_prepare.sh` here, with `.whl` and `.dev` carried.
#
#   1. benchmarks/pipeline.py --device cuda with the indexer's default (threads feeding batches),
#      then with --helpers 12 (CPU helper processes, arrays in shared memory): same machine
#   2. benchmarks/profile_indexing.py --device cuda: each stage's serial cost per photo, a cProfile,
#      and end to end over 300 distinct files with 4 worker threads
#   3. benchmarks/networks.py --device cuda: each default network's cost per image on the GPU
#   4. the GPU-path tests (fast regions against the reference, batched indexing, error handling)
#
# Results land in $OUT (pipeline-threads.json, pipeline-helpers12.json, profile.txt, networks.json,
# tests.txt, nvidia-smi.txt, and log.txt with every step's output as it went, so that a step stopped
# at its limit still shows how far it got). Run with timeout_s=600; the steps' own limits add up to
# 420 s; on an H100 the whole command took about 2 minutes.
set -uo pipefail
OUT="${OUT:-/tmp/gpu-check}"
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl
export PYTHONPATH="/tmp/site:$PWD" PATH="/tmp/site/bin:$PATH"
# the models and photos travel in .dev/shared; benchmarks and tests read them from ../shared
[ -e ../shared ] || ln -s "$PWD/.dev/shared" ../shared
export SEGSEARCH_MODELS="$PWD/.dev/shared/models" PYTHONUNBUFFERED=1
nvidia-smi > "$OUT/nvidia-smi.txt" 2>&1
python3 -c "import torch; print(torch.__version__, torch.cuda.get_device_name())" >> "$OUT/nvidia-smi.txt" 2>&1
exec > >(tee -a "$OUT/log.txt") 2>&1
timeout 90 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --out "$OUT/pipeline-threads.json"
timeout 100 python3 benchmarks/pipeline.py --device cuda --photos 60 --large 30 --helpers 12 \
  --out "$OUT/pipeline-helpers12.json"
timeout 80 python3 benchmarks/profile_indexing.py --device cuda --photos 60 --copies 5 --workers 4 --out "$OUT/profile.txt"
timeout 50 python3 benchmarks/networks.py --device cuda --out "$OUT/networks.json"
timeout 100 python3 -m pytest -q -p no:cacheprovider tests/test_pipeline.py tests/test_reliability.py tests/test_index.py \
  -k "pruned or many_class or one_pixel or component or coverage or unexpected or batched" > "$OUT/tests.txt" 2>&1
tail -3 "$OUT/tests.txt"
