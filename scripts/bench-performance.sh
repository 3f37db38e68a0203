#!/usr/bin/env bash
# NetForge against hand-written SameDiff and PyTorch on this machine (docs/performance.md): training samples/s at
# batch 64 and 256, a whole epoch, inference, peak RSS, and the ratios, for the Keras MLP, the tutorial CNN and
# ResNet-18, interleaved in one run. Not part of ./test.sh. About 15 minutes per round on 2 cores.
# Usage: scripts/bench-performance.sh [--rounds R] [--models mlp,cnn,resnet18,textcnn,embedding,lstm,transformer,moby-lstm,moby-transformer] [--quick] [--threads N] [--memory EPOCHS] [--memory-limit N]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
# PyTorch at its best here: Debian's torch calls libblas.so.3, which is the slow reference BLAS unless an optimized
# one is installed; the OpenMP build of OpenBLAS is the fastest of Debian's for it on this machine (docs/performance.md).
if /usr/bin/python3 -c "import torch" >/dev/null 2>&1 && ! dpkg -s libopenblas0-openmp >/dev/null 2>&1; then
  echo "bench-performance: installing Debian's libopenblas0-openmp for PyTorch" >&2
  apt_install libopenblas0-openmp
fi
mvn -B -ntp -q -DskipTests package
exec env LD_BIND_NOW=1 java -Xmx1g -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" \
  io.netforge.samples.bench.PerformanceBenchmark "$@"
