#!/usr/bin/env bash
# Builds and runs quickstart/ — the project docs/getting-started.md shows — exactly as a user would, against the
# NetForge artifacts `mvn install` just put in the local repository (MAVEN_OPTS=-Dmaven.repo.local=DIR uses another
# one for both; arguments are passed to Maven, as ./test.sh passes its own, e.g. -Dmaven.repo.local=DIR). Fails unless it compiles with Maven's defaults for everything the pom does not set, trains and prints
# its test accuracy, and unless no test framework is on its compile or runtime class path.
set -euo pipefail
cd "$(dirname "$0")/../quickstart"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
mvn -B -ntp -q "$@" clean compile exec:exec | tee "$out"
# Maven may write a colour reset before the program's first line: strip escape sequences, then look for the line
sed -e 's/\x1b\[[0-9;]*m//g' "$out" | grep -Eq '^Test accuracy: [0-9]+\.[0-9]{2}%$' \
  || { echo "quickstart: no test accuracy printed" >&2; exit 1; }
mvn -B -ntp -q "$@" org.apache.maven.plugins:maven-dependency-plugin:3.6.1:tree -Dscope=runtime -DoutputFile="$out" >/dev/null
if grep -Ei 'junit|testng|hamcrest|compile-testing|assertj|mockito' "$out"; then
  echo "quickstart: a test framework is on the runtime class path of a NetForge user (above)" >&2
  exit 1
fi
echo "quickstart: built, trained and checked ($(grep -c ':jar:' "$out") runtime jars, no test framework)"
