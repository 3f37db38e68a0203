#!/usr/bin/env bash
# Runs every NetForge test (processor diagnostics and goldens, runtime numerics, sample training) on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
mvn -B -ntp verify "$@"
