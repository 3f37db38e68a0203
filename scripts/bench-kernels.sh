#!/usr/bin/env bash
# JMH: libnd4j's gradient kernels for the graph a hand-written SameDiff BatchNorm/ReLU gets against the alternatives
# (docs/performance.md, findings 6 and 7), on one 64x64x32x32 activation. Not part of ./test.sh; about 1 minute.
# PlanKernelBenchmark: each kernel the planned engine adopted (Adam, the finite-gradient check, ReLU and BatchNorm
# backward, evaluation BatchNorm) against what it replaced (docs/performance.md, "Kernels, and why each"); ~3 minutes.
# OneDnnKernelBenchmark: a plan's training step on oneDNN's primitives against the ND4J kernels (a CNN block, the
# ResNet block, the Keras MLP at batch 64 and 256; docs/performance.md, "Convolutions and dense layers on oneDNN's
# primitives" and "BatchNorm on oneDNN"); ~2 minutes.
# Usage: scripts/bench-kernels.sh [GradientKernelBenchmark|PlanKernelBenchmark|OneDnnKernelBenchmark] [JMH options, e.g. -f 2 -i 10]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
bench=GradientKernelBenchmark
if [[ $# -gt 0 && $1 != -* ]]; then
  bench=$1
  shift
fi
mvn -B -ntp -q -DskipTests package
exec env LD_BIND_NOW=1 java -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" \
  org.openjdk.jmh.Main "io.netforge.samples.bench.$bench" "$@"
