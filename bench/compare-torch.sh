#!/usr/bin/env bash
# bench/compare-torch.sh: bayesrg and the PyTorch baseline (../shared/bench/torch_brg.py) on the same
# workload, in one invocation on the same machine. Prints the wall time per member of each (and
# the core-seconds per member) and the ratio torch / bayesrg.
#
#   bench/compare-torch.sh [--members M] [--width N] [--epochs T] [--mode gd|sgd] [--threads K]
#                          [--solver auto|tridiagonal|closed-form|iterate|iterate-primal] [--torch-chunk C]
#
# Workload (both sides): x ~ N((1,1), I), 200 train / 200 test / 10 Fisher inputs, the paper's
# quadratic target, 2-10-10-N-1 bias-free net with N(0,1) weights, read-out trained with lr 1e-6,
# diagonal Fisher, the 25 nested cutoffs. bayesrg's time is its summary.json timing_seconds (the
# ensemble computation, like torch's "seconds"); the end-to-end wall time with JVM start is shown too.
# Installs nothing: without PyTorch it says how to get it and exits 2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
members=64; width=2048; epochs=1000; mode=gd; threads=1; solver=auto; chunk=""
torch_script="${TORCH_BRG:-$here/../shared/bench/torch_brg.py}"
python="${TORCH_PYTHON:-/usr/bin/python3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --solver) solver="$2"; shift 2 ;;
    --torch-chunk) chunk="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-torch: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$mode" in gd|sgd) ;; *) echo "compare-torch: --mode: got '$mode', allowed gd or sgd" >&2; exit 2 ;; esac
if [ ! -f "$torch_script" ]; then
  echo "compare-torch: $torch_script not found (set TORCH_BRG=/path/to/torch_brg.py)" >&2; exit 2
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

start=$(date +%s.%N)
"$here/bayesrg" run --quiet --out "$out/run" --members "$members" --width "$width" --epochs "$epochs" \
  --threads "$threads" --set data.fisher=10 --set train.optimizer="$mode" --set train.solver="$solver" \
  > "$out/bayesrg.log"
end=$(date +%s.%N)
bayes_seconds=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['timing_seconds'])" "$out/run/summary.json")
bayes_median=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['flow'][-1]['test_mse_median'])" "$out/run/summary.json")

torch_args=(--mode "$mode" --members "$members" --width "$width" --epochs "$epochs" --threads "$threads" --grad manual)
if [ "$mode" = sgd ]; then torch_args+=(--sgd-features cache); fi
if [ -n "$chunk" ]; then torch_args+=(--chunk "$chunk"); elif [ "$mode" = gd ]; then torch_args+=(--chunk "$threads"); fi
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE pin old OpenBLAS builds to a safe kernel on some machines;
# they slow a current OpenBLAS, so the baseline runs without them (set KEEP_OPENBLAS_ENV=1 to keep them).
if [ -n "${KEEP_OPENBLAS_ENV:-}" ]; then
  "$python" "$torch_script" "${torch_args[@]}" > "$out/torch.log"
else
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$torch_script" "${torch_args[@]}" > "$out/torch.log"
fi
torch_seconds=$(sed -n 's/.*members=[0-9]* seconds=\([0-9.]*\).*/\1/p' "$out/torch.log")
torch_median=$(sed -n 's/.*final_test_mse_median=\([0-9.e+-]*\).*/\1/p' "$out/torch.log")

"$python" - "$members" "$threads" "$bayes_seconds" "$start" "$end" "$torch_seconds" "$mode" "$width" "$epochs" "$solver" "$bayes_median" "$torch_median" <<'PY'
import sys
m, k = int(sys.argv[1]), int(sys.argv[2])
b, start, end, t = float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
mode, width, epochs, solver, bmed, tmed = sys.argv[7:13]
print(f"workload: mode={mode} members={m} width={width} epochs={epochs} threads={k} bayesrg solver={solver}")
print(f"bayesrg: seconds={b:.3f} per_member={b/m:.4f} core_seconds_per_member={b*k/m:.4f} end_to_end_with_jvm={end-start:.3f}s final_test_mse_median={bmed}")
print(f"torch:   seconds={t:.3f} per_member={t/m:.4f} core_seconds_per_member={t*k/m:.4f} final_test_mse_median={tmed}")
print(f"ratio torch/bayesrg (per member): {t/b:.2f}x")
PY
