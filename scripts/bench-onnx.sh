#!/usr/bin/env bash
# Prediction latency of the tutorial CNN: ONNX Runtime for Java vs trainer.predictor(), batch 1 and 256
# (docs/deploy.md). Usage: scripts/bench-onnx.sh [rounds]   (default 200; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
mvn -B -ntp -q -DskipTests install
# The samples' runtime libraries (target/lib, as the other benchmarks use) plus ONNX Runtime, a test dependency.
cpfile="$PWD/samples/target/test-classpath.txt"
mvn -B -ntp -q -f samples/pom.xml dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile"
ort=$(tr ':' '\n' < "$cpfile" | grep '/onnxruntime-[0-9.]*\.jar$')
exec env LD_BIND_NOW=1 OMP_NUM_THREADS="${OMP_NUM_THREADS:-$(nproc)}" java -Xmx2g \
  -cp "samples/target/test-classes:samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*:$ort" \
  io.netforge.samples.bench.OnnxLatencyBenchmark "$@"
