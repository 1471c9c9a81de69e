#!/usr/bin/env bash
# Here, before a device lease: put what benchmarks/gpu_check.sh needs on the GPU machine into two
# git-ignored folders that travel with the working tree (carry [".whl", ".dev"]):
#   .whl/        wheels of the packages the device image lacks (its torch and numpy are used as they are)
#   .dev/shared/ the shared models and 60 evaluation photos (a copy: ../shared does not travel)
#   .dev/old/    with a git ref as argument (bash benchmarks/gpu_prepare.sh REF): the code at REF, the
#                baseline gpu_check.sh measures beside the working tree's code on the same machine
# Needs the package registry (pip download) and ../shared beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qx '/.dev/' .git/info/exclude 2>/dev/null || echo '/.dev/' >> .git/info/exclude
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo '/.whl/' >> .git/info/exclude
mkdir -p .whl .dev/shared/models .dev/shared/evaldata/coco-voc-100/JPEGImages
platforms=()
for p in manylinux_2_28_x86_64 manylinux_2_27_x86_64 manylinux_2_24_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64 \
         manylinux1_x86_64 any; do platforms+=(--platform "$p"); done
python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp "${platforms[@]}" \
  -d .whl faiss-cpu==1.15.1 sqlalchemy==2.1.9 greenlet==3.5.6 tflite==2.18.0 platformdirs==4.14.8
cp -r ../shared/models/. .dev/shared/models/
src=../shared/evaldata/coco-voc-100
cp "$src/classes.tsv" "$src/coco_categories.tsv" .dev/shared/evaldata/coco-voc-100/
for sub in SegmentationClass SegmentationCOCO; do mkdir -p ".dev/shared/evaldata/coco-voc-100/$sub"; done
for jpg in $(ls "$src/JPEGImages" | sort | head -60); do
  stem="${jpg%.jpg}"
  cp "$src/JPEGImages/$jpg" .dev/shared/evaldata/coco-voc-100/JPEGImages/
  cp "$src/SegmentationClass/$stem.png" .dev/shared/evaldata/coco-voc-100/SegmentationClass/ 2>/dev/null || true
  cp "$src/SegmentationCOCO/$stem.png" .dev/shared/evaldata/coco-voc-100/SegmentationCOCO/ 2>/dev/null || true
done
rm -rf .dev/old
if [ $# -ge 1 ]; then mkdir -p .dev/old && git archive "$1" | tar -x -C .dev/old && git rev-parse --short "$1" > .dev/old/REF; fi
du -sh .whl .dev
echo "then: device run with carry [\".whl\", \".dev\"], command: OUT=\$OUT bash benchmarks/gpu_check.sh"
