#!/usr/bin/env bash
# Text generation with the cache (an LSTM's state, a Transformer's keys and values) against re-running the window for
# each character, on both Moby Dick language models, in characters per second and their ratio, and PyTorch 1.13's loops
# (the window again per character; the LSTM's state carried) in the same run when Debian's python3-torch is installed
# (docs/attention.md, "Generating text"). Not part of ./test.sh; about a minute.
# Usage: scripts/bench-generation.sh [CHARACTERS (default 99)] [ROUNDS (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
if /usr/bin/python3 -c "import torch" >/dev/null 2>&1 && ! dpkg -s libopenblas0-openmp >/dev/null 2>&1; then
  echo "bench-generation: installing Debian's libopenblas0-openmp for PyTorch" >&2  # as scripts/bench-performance.sh
  apt_install libopenblas0-openmp
fi
mvn -B -ntp -q -DskipTests package
exec env LD_BIND_NOW=1 java -Xmx2g -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" \
  io.netforge.samples.bench.GenerationBenchmark "$@"
