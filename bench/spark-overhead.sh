#!/usr/bin/env bash
# bench/spark-overhead.sh: the cost of running an ensemble through Spark (local[2], embedded, the
# shaded bayesrg-spark.jar on Spark's own classpath as spark-submit would start it) against the
# plain multi-threaded `./bayesrg run`, on the paper preset for each ensemble size; then the
# per-member cost and the projected wall time of a big ensemble on a bigger cluster.
#
#   bench/spark-overhead.sh [--sizes "512 4096"] [--master 'local[2]'] [--project MEMBERS] [--cores C]
#
# Both sides write their run directory without figures (--no-report) and are timed end to end,
# JVM start included; the script checks that both wrote the same data files (cmp, every file but
# summary.json's and manifest.json's timings and provenance). The Spark driver's own serial part is
# read from its --timings line: the merge of the shards into the run's data files (also in ms per
# member) and the field theory after it; `bayesrg merge` of the plain run is timed too (the same
# merge code, JVM start included, copying every row). The per-member cost is the slope between the
# two largest sizes (fixed costs cancel), in core-seconds for the master's task slots; the projection
# is  fixed + MEMBERS x (task cost / C + driver cost)  (default 10^5 members, 64 cores), assuming
# executors as fast per core as this machine and a shared file system that keeps up.
# Needs Maven (it builds the jars and resolves Spark's classpath from Maven Central once).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes="512 4096"; master="local[2]"; project=100000; cores=64
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --project) project="$2"; shift 2 ;;
    --cores) cores="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "spark-overhead: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
slots="$(sed -n 's/^local\[\([0-9][0-9]*\).*\]$/\1/p' <<<"$master")"
if [ -z "$slots" ]; then
  [ "$master" = "local[*]" ] && slots="$(nproc)" || { echo "spark-overhead: --master: got '$master', allowed local[N] or local[*]" >&2; exit 2; }
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "building bayesrg-cli and bayesrg-spark jars..." >&2
(cd "$here" && mvn -B -q -ntp -Dstyle.color=never -DskipTests package -pl bayesrg-spark -am) >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
jar="$here/bayesrg-spark/target/bayesrg-spark.jar"

# Spark's runtime classpath with Spark's own dependency versions, as a cluster would supply it.
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/bayesrg-spark/pom.xml")"
cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>spark-classpath</artifactId><version>1</version>
<dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
<version>$spark_version</version></dependency></dependencies></project>
POM
(cd "$work" && mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$work/spark.cp") >"$work/cp.log" 2>&1 \
  || { cat "$work/cp.log" >&2; exit 1; }
# shellcheck disable=SC2207
opens=($(sed -n 's:.*<spark.java17.options>\(.*\)</spark.java17.options>.*:\1:p' "$here/bayesrg-spark/pom.xml"))

calc() { awk "BEGIN { print $* }"; }
seconds() {
  local t0 t1; t0=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; exit 1; }
  t1=$(date +%s.%N); calc "$t1 - $t0"
}

echo "Spark $spark_version, master $master ($slots task slots), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%8s  %9s  %9s  %10s  %6s  %11s  %9s  %9s  %10s\n' \
  members plain_s spark_s overhead_s ratio drv_merge_s ms/member nnft_s cli_merge_s
declare -A plain spark merge driver nnft
for m in $sizes; do
  plain[$m]=$(seconds "$here/bayesrg" run --members "$m" --no-report --quiet --out "$work/plain-$m")
  spark[$m]=$(seconds java "${opens[@]}" --add-modules=jdk.incubator.vector -cp "$(cat "$work/spark.cp")" \
      org.apache.spark.deploy.SparkSubmit --class dev.bayesrg.spark.SparkMain --master "$master" "$jar" \
      --members "$m" --no-report --quiet --timings --out "$work/spark-$m")
  # bayesrg-spark: timings: tasks T s, driver merge M s (X ms a member), field theory F s
  line="$(grep 'bayesrg-spark: timings:' "$work/last.log")"
  driver[$m]="$(sed -n 's/.*driver merge \([0-9.]*\) s.*/\1/p' <<<"$line")"
  nnft[$m]="$(sed -n 's/.*field theory \([0-9.]*\) s.*/\1/p' <<<"$line")"
  for f in $(cd "$work/plain-$m" && find . -type f ! -name summary.json ! -name manifest.json | sort); do
    cmp -s "$work/plain-$m/$f" "$work/spark-$m/$f" \
      || { echo "spark-overhead: $f of the Spark run of $m members differs from bayesrg run's" >&2; exit 1; }
  done
  # the same merge code from the command line, copying every row of a (one-shard) run
  merge[$m]=$(seconds "$here/bayesrg" merge "$work/plain-$m" --no-report --quiet --out "$work/merge-$m")
  printf '%8d  %9.1f  %9.1f  %10.1f  %6.2f  %11.3f  %9.4f  %9.2f  %10.1f\n' "$m" "${plain[$m]}" "${spark[$m]}" \
    "$(calc "${spark[$m]} - ${plain[$m]}")" "$(calc "${spark[$m]} / ${plain[$m]}")" "${driver[$m]}" \
    "$(calc "1000 * ${driver[$m]} / $m")" "${nnft[$m]}" "${merge[$m]}"
  rm -rf "$work/plain-$m" "$work/spark-$m" "$work/merge-$m"
done
read -r -a list <<<"$sizes"
if [ "${#list[@]}" -ge 2 ]; then
  a="${list[-2]}"; b="${list[-1]}"
  slope() { local -n t="$1"; calc "(${t[$b]} - ${t[$a]}) / ($b - $a)"; }
  declare -A serial
  for m in $a $b; do serial[$m]=$(calc "${driver[$m]} + ${nnft[$m]}"); done
  plain_slope=$(slope plain); spark_slope=$(slope spark); serial_slope=$(slope serial); merge_slope=$(slope driver)
  fixed=$(calc "${spark[$a]} - $a * $spark_slope")
  # spark wall per member = parallel core-s / slots + the driver's serial merge and field theory per member
  parallel=$(calc "($spark_slope - $serial_slope) * $slots")
  printf 'per member, plain run : %.4f s wall = %.4f core-s on %d cores\n' "$plain_slope" "$(calc "$plain_slope * $(nproc)")" "$(nproc)"
  printf 'per member, Spark     : %.4f s wall = %.4f core-s in tasks (%d slots) + %.5f s serial on the driver (merge %.5f s, field theory %.5f s)\n' \
    "$spark_slope" "$parallel" "$slots" "$serial_slope" "$merge_slope" "$(calc "$serial_slope - $merge_slope")"
  printf 'Spark fixed cost      : %.1f s (JVM, Spark context, scheduling)\n' "$fixed"
  total=$(calc "$fixed + $project * ($parallel / $cores + $serial_slope)")
  printf 'projection            : %d members on %d cores ~ %.0f s (%.1f min) = %.1f s fixed + %d x (%.4f / %d + %.5f) s\n' \
    "$project" "$cores" "$total" "$(calc "$total / 60")" "$fixed" "$project" "$parallel" "$cores" "$serial_slope"
fi
