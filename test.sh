#!/usr/bin/env bash
# Runs every NetForge test (processor diagnostics and goldens, runtime numerics, sample training) on a fresh machine,
# then builds and runs the quick-start project of docs/getting-started.md against the artifacts just installed.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
mvn -B -ntp install "$@"
scripts/quickstart-check.sh "$@"
