#!/usr/bin/env bash
# Builds NetForge and trains a sample model (default: the digits MLP on the embedded data), printing its test accuracy.
# Usage: ./train.sh [SAMPLE] [--epochs N] [--batch-size N] [--learning-rate LR] [--seed S]   (./train.sh --help)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
mvn -B -ntp -q -DskipTests package
# LD_BIND_NOW: the bundled OpenBLAS copies cross-bind symbols lazily otherwise ("BLAS : Bad memory unallocation!").
exec env LD_BIND_NOW=1 java -Xmx2g -cp "samples/target/netforge-samples-0.1.0-SNAPSHOT.jar:samples/target/lib/*" \
  io.netforge.samples.Main "$@"
