#!/usr/bin/env bash
# bench/readme-blocks.sh: runs every command of README.md's ```bash blocks, in order, in a fresh
# clone of this checkout (its committed HEAD), and reports for each one its exit code and any
# warning README does not announce. The announced ones: the JVM's "WARNING: Using incubator
# modules" line (README, "Speed"), Spark's "SLF4J:" lines (README, "Embedded, no cluster"),
# Maven's own "[WARNING]" lines while it builds (README, "Spark") and nngp --compare's note on the
# diverged members it leaves out (README, beside that command).
#
#   bench/readme-blocks.sh [--all] [--keep]
#
# Skipped, with the reason printed: commands that need a Slurm or YARN cluster or a Spark
# installation, and `mvn ... install` (it writes into the local Maven repository). Without --all
# also the long ones: `mvn verify` (what CI runs), the JMH benchmarks, bench/spark-overhead.sh,
# bench/compare-torch.sh and bench/scale.sh (need Debian's python3-torch) and
# bench/report-screenshot.sh (needs Chromium). --keep leaves the clone (its path is printed) instead
# of deleting it.
# Exit code 0 when every command that ran succeeded without an unannounced warning, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
all=false; keep=false
while [ $# -gt 0 ]; do
  case "$1" in
    --all) all=true; shift ;;
    --keep) keep=true; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "readme-blocks: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d)"
$keep || trap 'rm -rf "$work"' EXIT
git clone -q "$here" "$work/clone"
cd "$work/clone"

# the commands of the ```bash blocks, a continued line (ending in \) joined to the next
commands="$work/commands"
awk '/^```bash/ { inside = 1; block++; next }
     /^```/     { inside = 0; next }
     inside     { line = line $0; if (line ~ /\\$/) { sub(/\\$/, "", line); next }
                  if (line !~ /^[[:space:]]*(#|$)/) print block "\t" line; line = "" }' README.md > "$commands"

skip_reason() {
  case "$1" in
    sbatch*) echo "needs a Slurm cluster" ;;
    spark-submit*) echo "needs a YARN cluster" ;;
    *'<the flags above>'*|*SPARK_HOME*) echo "needs a Spark installation (bench/spark-local.sh runs the same)" ;;
    *'mvn '*install*) echo "writes into the local Maven repository" ;;
    *'mvn -B -ntp verify'*) $all || echo "what CI runs (--all runs it)" ;;
    *benchmarks.jar*) $all || echo "JMH benchmarks, many minutes (--all runs them)" ;;
    bench/spark-overhead.sh*) $all || echo "many minutes (--all runs it)" ;;
    bench/compare-torch.sh*) $all || echo "needs python3-torch, minutes (--all runs it)" ;;
    bench/scale.sh*) $all || echo "needs python3-torch, minutes (--all runs it)" ;;
    bench/report-screenshot.sh*) $all || echo "needs Chromium (--all runs it)" ;;
    *'./bayesrg merge runs/s{0..7}'*) echo "merges the Slurm shards above" ;;
    *'./bayesrg report /shared/runs/big'*) echo "reports the YARN run above" ;;
  esac
}

failed=0; ran=0; skipped=0; n=0
printf '%-5s %-6s %-9s %s\n' block exit time command
while IFS=$'\t' read -r block command; do
  n=$((n + 1))
  reason="$(skip_reason "$command")"
  if [ -n "$reason" ]; then
    printf '%-5s %-6s %-9s %s\n' "$block" skip - "${command:0:100}"
    printf '%22s(%s)\n' '' "$reason"
    skipped=$((skipped + 1)); continue
  fi
  start=$(date +%s)
  set +e
  bash -c "$command" > "$work/out.$n" 2>&1 < /dev/null
  code=$?
  set -e
  ran=$((ran + 1))
  printf '%-5s %-6s %-9s %s\n' "$block" "$code" "$(( $(date +%s) - start ))s" "${command:0:100}"
  # Maven's own [WARNING] lines of a build are announced too (README, "Spark")
  maven='^$'; case "$command" in mvn*) maven='^\[WARNING\]' ;; esac
  unannounced="$(grep -iE 'warn|note:|error|exception' "$work/out.$n" \
    | grep -vE '^WARNING: Using incubator modules|^SLF4J:|^note: [0-9]+ members flagged diverged are left out' \
    | grep -vE "$maven" || true)"
  if [ "$code" -ne 0 ] || [ -n "$unannounced" ]; then
    failed=$((failed + 1))
    { [ -n "$unannounced" ] && echo "$unannounced" || tail -5 "$work/out.$n"; } | sed 's/^/        | /'
  fi
done < "$commands"
echo "$ran commands ran, $skipped skipped, $failed failed or warned without README announcing it"
$keep && echo "clone kept in $work/clone"
[ "$failed" -eq 0 ]
