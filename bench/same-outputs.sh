#!/usr/bin/env bash
# bench/same-outputs.sh: whether two revisions write the same files, command by command. Builds both
# from clean clones of this repository and runs, in each: the default `run` (512 members, report
# included); `run --preset reference-code` with a line mesh and training snapshots; `nnft
# --bootstrap 20` on a copy of the default run; `nnft --widths 64,128`; `nngp --compare` on the
# default run and on a shared-hidden run; an `nngp` kernel; `cosnet` and `cosnet --train`; two shards
# and `merge`; `report`; `coin`; and a Spark run (embedded, local[2]). Then every file of the first
# tree is compared with `cmp` against the second; summary.json, manifest.json, report.html and the
# printed output are compared with timings, start/end times, the source commit and
# summary.json's format_version left out.
#
#   bench/same-outputs.sh REV_A REV_B        e.g. bench/same-outputs.sh 002f877 HEAD
#
# Prints one line per differing or missing file and a last line "compared N files; bad=0|1".
# Needs Maven (builds both, and resolves Spark's classpath from Maven Central once). Takes ~3 min.
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

outputs() { # outputs SRC OUT
  local src="$1" out="$2"
  mkdir -p "$out"
  (cd "$src" && mvn -B -q -ntp -DskipTests -Dmaven.javadoc.skip=true package -pl bayesrg-spark,bayesrg-cli -am) \
    >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
  local jar="$src/bayesrg-cli/target/bayesrg.jar"
  b() { java --add-modules=jdk.incubator.vector -Xlog:disable -jar "$jar" "$@"; }
  (
    cd "$out"
    b run --out run --quiet >run.stdout
    b run --preset reference-code --members 64 --set nnft.snapshotEvery=100 --set nnft.mesh=line \
      --set 'nnft.line={from: [0,0], to: [2,2], points: 6}' --out ref >ref.stdout 2>/dev/null
    cp -r run nnftrun && rm -rf nnftrun/nnft && b nnft nnftrun --bootstrap 20 >nnft.stdout
    b nnft --widths 64,128 --members 200 --out widths.json >widths.stdout
    b nngp --compare run --out nngp >nngp.stdout
    b run --members 64 --set network.sharedHidden=true --out shared --no-report >shared.stdout
    b nngp --compare shared >nngp-shared.stdout
    b nngp --depth 3 --line -1,0:1,0:11 --out kernel.csv >nngp-kernel.stdout
    b cosnet >cosnet.stdout
    b cosnet --train --neurons 2000 --out cosnet >cosnet-train.stdout
    b run --members 64 --shard 0/2 --out s0 --quiet >s0.stdout
    b run --members 64 --shard 1/2 --out s1 --quiet >s1.stdout
    b merge s0 s1 --out merged >merge.stdout
    b run --members 64 --out unsharded --quiet >unsharded.stdout
    b report unsharded >report.stdout
    b coin --heads 7 --tails 3 --json >coin.stdout
    # shellcheck disable=SC2207
    local opens=($(sed -n 's:.*<spark.java17.options>\(.*\)</spark.java17.options>.*:\1:p' "$src/bayesrg-spark/pom.xml"))
    java "${opens[@]}" --add-modules=jdk.incubator.vector -Xlog:disable \
      -cp "$src/bayesrg-spark/target/bayesrg-spark.jar:$(cat "$work/spark.cp")" \
      dev.bayesrg.spark.SparkMain --master 'local[2]' --members 64 --out spark --quiet >spark.stdout 2>/dev/null
  ) 2>&1 | grep -v 'Using incubator modules' >&2 || true
}

# Spark's runtime classpath, as a cluster supplies it
spark_version="$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$here/bayesrg-spark/pom.xml")"
mkdir -p "$work/sparkcp"
cat >"$work/sparkcp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>spark-classpath</artifactId><version>1</version>
<dependencies><dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_2.13</artifactId>
<version>$spark_version</version></dependency></dependencies></project>
POM
(cd "$work/sparkcp" && mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile="$work/spark.cp") >/dev/null

for side in a b; do
  rev="$1"; [ "$side" = b ] && rev="$2"
  git clone -q "$here" "$work/src-$side"
  (cd "$work/src-$side" && git checkout -q "$(cd "$here" && git rev-parse "$rev")")
  outputs "$work/src-$side" "$work/out-$side"
done

norm() {
  sed -E 's/; [0-9.]+ s\.$/; T s./' "$1" | sed 's/></>\n</g' |
    grep -v -E '"(start_time|end_time|timing_seconds|source_commit|source_dirty|format_version)"|^<td>[0-9.]+ s</td>$|^<td>20[0-9-]+T[0-9:.]+Z</td>$|^<td>[0-9a-f]{40}|source_commit|source_dirty|format_version' || true
}
a="$work/out-a"; b="$work/out-b"; bad=0; n=0
while IFS= read -r f; do
  n=$((n + 1))
  [ -f "$b/$f" ] || { echo "MISSING $f"; bad=1; continue; }
  cmp -s "$a/$f" "$b/$f" && continue
  case "$f" in
    */manifest.json | */summary.json | */report.html | *.stdout)
      diff -q <(norm "$a/$f") <(norm "$b/$f") >/dev/null || { echo "DIFFERS(normalised) $f"; bad=1; } ;;
    *) echo "DIFFERS $f"; bad=1 ;;
  esac
done < <(cd "$a" && find . -type f | sed 's|^\./||' | sort)
while IFS= read -r f; do [ -f "$a/$f" ] || { echo "EXTRA $f"; bad=1; }; done < <(cd "$b" && find . -type f | sed 's|^\./||' | sort)
echo "compared $n files; bad=$bad"
