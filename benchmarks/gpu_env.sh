# Sourced by the device scripts (gpu_check.sh, gpu_throughput.sh) on the GPU machine: installs
# the wheels carried in .whl, points the benchmarks at the models and photos carried in .dev/shared,
# sends everything printed to $OUT/log.txt too, and defines `old CMD...`, which runs CMD in the
# baseline's checkout (.dev/old, when gpu_prepare.sh was given a REF) importing the baseline's package.
OUT="${OUT:-/tmp/gpu-check}"
mkdir -p "$OUT"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/site .whl/*.whl
export PYTHONPATH="/tmp/site:$PWD" PATH="/tmp/site/bin:$PATH"
# the models and photos travel in .dev/shared; benchmarks and tests read them from ../shared
[ -e ../shared ] || ln -s "$PWD/.dev/shared" ../shared
export SEGSEARCH_MODELS="$PWD/.dev/shared/models" PYTHONUNBUFFERED=1
exec > >(tee -a "$OUT/log.txt") 2>&1
nvidia-smi
python3 -c "import torch; print(torch.__version__, torch.cuda.get_device_name())"
old() {  # the baseline's own benchmark script, importing the baseline's package
  [ -d .dev/old ] || return 0
  echo "== baseline $(cat .dev/old/REF): $*"
  (cd .dev/old && PYTHONPATH="/tmp/site:$PWD" "$@")
}
