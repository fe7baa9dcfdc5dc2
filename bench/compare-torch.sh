#!/usr/bin/env bash
# bench/compare-torch.sh: bayesrg and its PyTorch baseline (bench/torch_brg.py) on the same
# workload, in one invocation on the same machine. Prints the wall time per member of each (and
# the core-seconds per member), the ratio torch / bayesrg, and the two ensembles' statistics side
# by side with a verdict on whether they agree (loosely: the random draws differ).
#
#   bench/compare-torch.sh [--members M] [--width N] [--epochs T] [--mode gd|sgd] [--threads K]
#                          [--fisher F] [--solver auto|tridiagonal|closed-form|iterate|iterate-primal]
#                          [--torch-chunk C]
#
# Workload (both sides): bayesrg's paper preset with M members, width N, T epochs and F Fisher
# inputs (default 10, the authors' code's), full-batch GD (--mode gd) or per-sample SGD (sgd);
# see the top of bench/torch_brg.py. bayesrg's time is its summary.json timing_seconds (the ensemble
# computation, like torch's "seconds"); the end-to-end wall time with JVM start is shown too.
# TORCH_BRG=path runs another baseline script (it must take torch_brg.py's options), TORCH_PYTHON
# another interpreter (default /usr/bin/python3, Debian's, where python3-torch installs).
# Installs nothing: without PyTorch it says how to get it and exits 2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
members=64; width=2048; epochs=1000; mode=gd; threads=1; fisher=10; solver=auto; chunk=""
torch_script="${TORCH_BRG:-$here/bench/torch_brg.py}"
python="${TORCH_PYTHON:-/usr/bin/python3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --fisher) fisher="$2"; shift 2 ;;
    --solver) solver="$2"; shift 2 ;;
    --torch-chunk) chunk="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-torch: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$mode" in gd|sgd) ;; *) echo "compare-torch: --mode: got '$mode', allowed gd or sgd" >&2; exit 2 ;; esac
if [ ! -f "$torch_script" ]; then
  echo "compare-torch: $torch_script not found (TORCH_BRG names the baseline script)" >&2; exit 2
fi
if ! "$python" -c "import torch" 2>/dev/null; then
  cat >&2 <<MSG
compare-torch: PyTorch is not installed for $python. On Debian:
  apt-get install -y python3-torch python3-numpy libopenblas0-pthread
then run this script again (TORCH_PYTHON=/path/to/python3 picks another interpreter).
MSG
  exit 2
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$here/bayesrg" --version > /dev/null   # builds the jar if needed, outside the timing

# the same workload as the PyTorch side: no member measures the Fisher geometry beyond the diagonal
start=$(date +%s.%N)
"$here/bayesrg" run --quiet --no-report --out "$out/run" --members "$members" --width "$width" \
  --epochs "$epochs" --threads "$threads" --set data.fisher="$fisher" --set train.optimizer="$mode" \
  --set train.solver="$solver" --set fisher.geometryMembers=0 > "$out/bayesrg.log"
end=$(date +%s.%N)

# the same workload; per-sample SGD is step-bound in Python, so it batches every member at once
if [ -z "$chunk" ]; then
  if [ "$mode" = sgd ]; then chunk="$members"; else chunk="$threads"; fi
fi
torch_args=(--mode "$mode" --members "$members" --width "$width" --epochs "$epochs" --fisher "$fisher"
            --threads "$threads" --chunk "$chunk" --json "$out/torch.json")
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE pin old OpenBLAS builds to a safe kernel on some machines;
# they slow a current OpenBLAS, so the baseline runs without them (set KEEP_OPENBLAS_ENV=1 to keep them).
if [ -n "${KEEP_OPENBLAS_ENV:-}" ]; then
  "$python" "$torch_script" "${torch_args[@]}" > "$out/torch.log"
else
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$torch_script" "${torch_args[@]}" > "$out/torch.log"
fi

"$python" - "$out" "$members" "$threads" "$start" "$end" "$mode" "$width" "$epochs" "$fisher" "$solver" <<'PY'
import csv, json, math, sys
out, m, k = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
start, end = float(sys.argv[4]), float(sys.argv[5])
mode, width, epochs, fisher, solver = sys.argv[6:11]
summary = json.load(open(f"{out}/run/summary.json"))
java = [{key: (float(v) if v else None) for key, v in row.items()} for row in csv.DictReader(open(f"{out}/run/flow.csv"))]
torch = json.load(open(f"{out}/torch.json"))
b, t = summary["timing_seconds"], torch["seconds"]
print(f"workload: mode={mode} members={m} width={width} epochs={epochs} fisher={fisher} threads={k} bayesrg solver={solver}")
print(f"bayesrg: seconds={b:.3f} per_member={b/m:.4f} core_seconds_per_member={b*k/m:.4f} end_to_end_with_jvm={end-start:.3f}s")
print(f"torch:   seconds={t:.3f} per_member={t/m:.4f} core_seconds_per_member={t*k/m:.4f}")
print(f"ratio torch/bayesrg (per member): {t/b:.2f}x")

# The two ensembles draw different random numbers (data, weights, redraws), so they agree in
# distribution only: compare loosely, entry by entry.
print()
print(f"{'entry':>5} {'cutoff':>8} {'sloppy bayesrg':>15} {'sloppy torch':>13} {'median MSE bayesrg':>19} {'median MSE torch':>17}")
for j, tr in zip(java, torch["flow"]):
    cut = "trained" if tr["cutoff"] is None else f"{tr['cutoff']:g}"
    print(f"{int(j['entry']):>5} {cut:>8} {j['sloppy_fraction']:>15.3f} {tr['sloppy_fraction']:>13.3f} "
          f"{j['test_mse_median']:>19.5g} {tr['test_mse_median']:>17.5g}")
div_b, div_t = summary["members_diverged"] / m, torch["members_diverged"] / m
print(f"diverged: bayesrg {summary['members_diverged']} of {m}, torch {torch['members_diverged']} of {m}")
checks = []
sloppy_gap = max(abs(j["sloppy_fraction"] - tr["sloppy_fraction"]) for j, tr in zip(java, torch["flow"]))
checks.append((f"sloppy fractions within 0.15 at every entry (largest gap {sloppy_gap:.3f})", sloppy_gap <= 0.15))
# Every member of an ensemble trains and is tested on the same data set, so an ensemble's median
# moves with that one draw: over data.seed 7, 8, 9, 42 bayesrg's trained median (32 members, SGD)
# spans 12 to 31. Hence a factor of 3 either way.
for name, e in (("trained", 0), ("last cutoff", len(java) - 1)):
    ratio = torch["flow"][e]["test_mse_median"] / java[e]["test_mse_median"]
    checks.append((f"median test MSE {name}: torch/bayesrg = {ratio:.2f}, within [1/3, 3]", 1 / 3 <= ratio <= 3))
# binomial spread of a diverged share p over m members, both sides, at 4 standard errors
p = max((div_b + div_t) / 2, 1 / m)
checks.append((f"diverged shares {div_b:.3f} and {div_t:.3f} within 4 standard errors",
               abs(div_b - div_t) <= 4 * math.sqrt(2 * p * (1 - p) / m)))
for text, ok in checks:
    print(f"  {'ok  ' if ok else 'DIFF'} {text}")
print("statistics agree loosely" if all(ok for _, ok in checks) else "statistics DIFFER: look at the table above")
PY
