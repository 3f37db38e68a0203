#!/usr/bin/env bash
# Runs the Spark sample on this machine (docs/spark.md), e.g.:
#   scripts/spark-sample.sh --master 'local[2]' --limit 6000 --epochs 1
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
mvn -B -ntp -q -DskipTests install
mvn -B -ntp -q -pl spark dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$PWD/spark/target/classpath.txt"
cp=$(cat spark/target/classpath.txt)
# The --add-opens options are those Spark's own launcher passes on Java 17.
exec env LD_BIND_NOW=1 java -Xmx3g -XX:+IgnoreUnrecognizedVMOptions \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
  -cp "spark/target/netforge-spark-0.1.0-SNAPSHOT.jar:$cp" io.netforge.spark.SparkMnistCnn "$@"
