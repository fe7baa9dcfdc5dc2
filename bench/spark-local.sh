#!/usr/bin/env bash
# bench/spark-local.sh: runs bayesrg's Spark driver (SparkMain) on an embedded Spark, master
# local[*], without a cluster and without a Spark installation: from a clean clone it builds
# bayesrg-spark/target/bayesrg-spark.jar, fetches Spark's own jars through Maven (once, into the local
# Maven repository) and starts SparkMain on Spark's class path with the JDK options Spark needs on
# Java 17. Every argument goes to SparkMain (the options of `bayesrg run`, plus --partitions,
# --master, --no-report, --quiet; see `java -jar bayesrg-spark/target/bayesrg-spark.jar --help`).
#
#   bench/spark-local.sh --members 4096 --out runs/spark-local
#   bench/spark-local.sh --master 'local[2]' --members 512 --out runs/spark-512 --no-report
#
# The run directory equals `./bayesrg run`'s with the same options, byte for byte (timings aside).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "${1:-}" in -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
jar="$here/bayesrg-spark/target/bayesrg-spark.jar"
classpath="$here/bayesrg-spark/target/spark-runtime.classpath"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# the jar, when missing or older than any source of the modules it bundles
if [ ! -f "$jar" ] || [ -n "$(find "$here/bayesrg-core/src/main" "$here/bayesrg-cli/src/main" "$here/bayesrg-spark/src/main" \
      "$here"/pom.xml "$here"/bayesrg-*/pom.xml -newer "$jar" -print -quit)" ]; then
  echo "spark-local: building bayesrg-spark.jar (a few minutes the first time)..." >&2
  (cd "$here" && mvn -B -q -ntp -Dstyle.color=never -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
     package -pl bayesrg-spark -am) > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
fi

# Spark's runtime class path with Spark's own dependency versions, as a cluster would supply it
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/bayesrg-spark/pom.xml")"
if [ ! -s "$classpath" ] || [ "$(head -c 200 "$classpath.version" 2>/dev/null)" != "$spark_version" ]; then
  echo "spark-local: resolving Spark $spark_version's jars through Maven (once)..." >&2
  work="$(mktemp -d)"
  cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>spark-runtime</artifactId><version>1</version>
<dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
<version>$spark_version</version></dependency></dependencies></project>
POM
  (cd "$work" && mvn -B -q -ntp org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
     -Dmdep.outputFile="$classpath") > "$log" 2>&1 || { cat "$log" >&2; rm -rf "$work"; exit 1; }
  rm -rf "$work"
  printf '%s' "$spark_version" > "$classpath.version"
fi

# what Java 17 must open for Spark (bayesrg-spark's pom keeps the list, its tests use it too)
# shellcheck disable=SC2207
opens=($(sed -n 's:.*<spark.java17.options>\(.*\)</spark.java17.options>.*:\1:p' "$here/bayesrg-spark/pom.xml"))
has_master=false
for arg in "$@"; do case "$arg" in --master|--master=*) has_master=true ;; esac; done
extra=(); $has_master || extra=(--master 'local[*]')
exec java "${opens[@]}" --add-modules=jdk.incubator.vector -XX:CompileCommand=quiet \
  "-XX:CompileCommand=CompileThresholdScaling,dev.bayesrg.linalg.VectorKernels::*,0.05" \
  -cp "$jar:$(cat "$classpath")" dev.bayesrg.spark.SparkMain "${extra[@]}" "$@"
