#!/usr/bin/env bash
# Text generation with the cache (an LSTM's state, a Transformer's keys and values) against re-running the window for
# each character, on both Moby Dick language models, in characters per second and their ratio (docs/attention.md,
# "Generating text"). Not part of ./test.sh; about half a minute.
# Usage: scripts/bench-generation.sh [CHARACTERS (default 99)] [ROUNDS (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
mvn -B -ntp -q -DskipTests package
exec env LD_BIND_NOW=1 java -Xmx2g -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" \
  io.netforge.samples.bench.GenerationBenchmark "$@"
