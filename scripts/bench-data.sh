#!/usr/bin/env bash
# Measures what the data pipeline costs the MNIST CNN per epoch (docs/benchmarks.md), against a baseline without
# augmentation in the same run. Not part of ./test.sh. Needs Debian's dataset-fashion-mnist (installed by setup.sh).
# Usage: scripts/bench-data.sh [SAMPLES_PER_EPOCH (default 6400)] [ROUNDS (default 2)]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
mvn -B -ntp -q -DskipTests package
exec env LD_BIND_NOW=1 java -Xmx2g -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" \
  io.netforge.samples.DataBenchmark "$@"
