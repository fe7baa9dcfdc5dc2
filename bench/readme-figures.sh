#!/usr/bin/env bash
# bench/readme-figures.sh: measures again every figure README.md quotes, from a clone, and prints
# each under the README section that quotes it, so that a claim can be checked (or README updated)
# with one command.
#
#   bench/readme-figures.sh [--only results|widths|speed|torch] [--repeat R]
#
#   results  the default run's and the reference-code preset's outcome (critical cutoff and its
#            interval, diverged members) and the analytic GP
#            against shared-hidden-layer runs of seeds 0, 1, 2 (rows that agree): deterministic,
#            they must come out exactly as README quotes them (on x86-64)
#   widths   the fitted width exponents of `nnft --widths` (README, "Analytic corner"): deterministic
#   speed    `run --timings` with and without the report, wall time against the ensemble size, one
#            and two threads (README, "Speed"), each R times (default 3)
#   torch    bench/compare-torch.sh for full-batch GD and per-sample SGD (README, "Speed"); needs
#            Debian's python3-torch
#
# Timings depend on the machine and on what else runs on it: README says where they were measured;
# run this on an idle machine (`uptime` is printed first) before quoting a new number.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
only=""; repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --only) only="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "readme-figures: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$only" in ""|results|widths|speed|torch) ;; *) echo "readme-figures: --only: got '$only', allowed results, widths, speed or torch" >&2; exit 2 ;; esac
want() { [ -z "$only" ] || [ "$only" = "$1" ]; }
bayesrg="$here/bayesrg"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BAYESRG_JAVA_OPTS="${BAYESRG_JAVA_OPTS:-}"
"$bayesrg" --version 2>/dev/null   # builds the jar if needed, outside every timing
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load/load/')"

if want results; then
  echo
  echo "== README, introduction and 'Diverged members': ./bayesrg run (paper preset, 512 members)"
  "$bayesrg" run --quiet --no-report --out "$work/paper" 2>/dev/null
  echo
  echo "== README, introduction, and docs/method.md, 'run' step 7: ./bayesrg run --preset reference-code"
  "$bayesrg" run --quiet --no-report --preset reference-code --out "$work/reference" 2>/dev/null
  echo
  echo "== README, 'The analytic GP against a run': shared hidden layers, seeds 0, 1, 2 (rows that agree)"
  for seed in 0 1 2; do
    "$bayesrg" run --quiet --no-report --seed "$seed" --set network.sharedHidden=true \
      --out "$work/shared$seed" > /dev/null 2>&1
    "$bayesrg" nngp --compare "$work/shared$seed" --quiet 2>/dev/null | sed "s/^/seed $seed: /"
  done
fi

if want widths; then
  echo
  echo "== README, 'Analytic corner': the paper's architecture (fitted exponents)"
  "$bayesrg" nnft --widths 16,64,256,1024 --members 20000 2>/dev/null | grep -E '^fit:|left out'
  echo "== one relu layer of width N, fan-in scaling (README quotes the four exponents)"
  "$bayesrg" nnft --widths 4,8,16,32 --members 80000 \
    --set 'network.hidden=[{width: 64, activation: relu, bias: false}]' --set network.init.scheme=fan-in \
    2>/dev/null | grep -E '^fit:|left out'
fi

if want speed; then
  echo
  echo "== README, 'Speed': ./bayesrg run --timings (paper preset), $repeat times each"
  for report in "" --no-report; do
    for _ in $(seq "$repeat"); do
      rm -rf "$work/t"
      "$bayesrg" run --quiet --timings $report --out "$work/t" 2>&1 >/dev/null | grep 'timings:' \
        | sed "s/^bayesrg: timings:/${report:-with report}:/"
    done
  done
  echo "== wall time with the report against the ensemble size"
  for members in 64 128 256 512; do
    rm -rf "$work/t"
    start=$(date +%s.%N)
    "$bayesrg" run --quiet --members "$members" --out "$work/t" > /dev/null 2>&1
    end=$(date +%s.%N)
    awk -v m="$members" -v s="$start" -v e="$end" 'BEGIN { printf "%5d members: %.2f s\n", m, e - s }'
  done
  echo "== --members 1024 --no-report: the members' phase on one and two threads"
  for threads in 1 2; do
    rm -rf "$work/t"
    "$bayesrg" run --quiet --timings --no-report --members 1024 --threads "$threads" --out "$work/t" 2>&1 >/dev/null \
      | grep -o 'members [0-9.]* s' | sed "s/^/$threads thread(s): /"
    sha256sum "$work/t/predictions.npy" | cut -c1-16 | sed 's/^/  predictions.npy sha256 /'
  done
fi

if want torch; then
  echo
  echo "== README, 'Speed': bayesrg against its PyTorch baseline (one thread, 64 members)"
  "$here/bench/compare-torch.sh" --members 64 --mode gd --threads 1 2>/dev/null | grep -E '^(workload|bayesrg|torch|ratio|statistics)'
  "$here/bench/compare-torch.sh" --members 64 --mode sgd --width 2000 --threads 1 2>/dev/null | grep -E '^(workload|bayesrg|torch|ratio|statistics)'
fi
