#!/usr/bin/env bash
# Prints line and branch coverage per module, and each module's least covered packages, from the JaCoCo report the
# coverage module aggregates over every module's tests (coverage/target/site/jacoco-aggregate/jacoco.csv; HTML beside
# it). Called by ./test.sh after the build; docs/contributing.md records the figures.
set -euo pipefail
csv="$(dirname "$0")/../coverage/target/site/jacoco-aggregate/jacoco.csv"
if [ ! -f "$csv" ]; then
  echo "coverage: no report at $csv (run the build first)" >&2
  exit 1
fi
# columns: GROUP,PACKAGE,CLASS,INSTRUCTION_MISSED,INSTRUCTION_COVERED,BRANCH_MISSED,BRANCH_COVERED,LINE_MISSED,LINE_COVERED,...
awk -F, 'NR > 1 {
    g = $1; sub(/^.*\//, "", g)
    lm[g] += $8; lc[g] += $9; bm[g] += $6; bc[g] += $7
    p = g " " $2
    plm[p] += $8; plc[p] += $9
  }
  function pct(c, m) { return c + m == 0 ? "  n/a" : sprintf("%5.1f%%", 100 * c / (c + m)) }
  END {
    printf "coverage (lines, branches) per module, over all tests:\n"
    for (g in lm) {
      printf "  %-32s lines %s (%d of %d)   branches %s (%d of %d)\n", g, pct(lc[g], lm[g]), lc[g], lc[g] + lm[g], \
        pct(bc[g], bm[g]), bc[g], bc[g] + bm[g]
    }
    printf "least covered packages (lines, with at least 50 lines):\n"
    for (p in plm) {
      if (plc[p] + plm[p] >= 50) printf "%7.1f%% %s (%d lines)\n", 100 * plc[p] / (plc[p] + plm[p]), p, plc[p] + plm[p] | "sort -n | head -6"
    }
  }' "$csv"
