#!/usr/bin/env bash
# Runs every NetForge test (processor diagnostics and goldens, runtime numerics, sample training) on a fresh machine,
# then builds and runs the quick-start project of docs/getting-started.md against the artifacts just installed.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
mvn -B -ntp install "$@"      # also checks the format, lint, Error Prone, the enforcer's rules (docs/contributing.md)
scripts/coverage-summary.sh
scripts/quickstart-check.sh "$@"
