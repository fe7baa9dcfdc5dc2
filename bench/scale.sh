#!/usr/bin/env bash
# bench/scale.sh: bayesrg against its PyTorch baseline (bench/torch_brg.py) in every scaling regime,
# each on the same workload on both sides, in one invocation. A benchmark, not a test: it prints
# seconds per member (and core-seconds per member, which is the same at --threads 1) and the ratio
# torch / bayesrg; nothing fails on a number.
#
#   bench/scale.sh [--rows a,b,c,d,e] [--repeat R] [--threads K] [--epochs T] [--quick]
#                  [--members-a M] [--members-b M] [--members-c M] [--members-e M]
#                  [--wide-members M1,M2] [--wide-widths N1,N2]
#
# Rows (bayesrg's side never measures the Fisher geometry, fisher.geometryMembers=0, as torch has none):
#   a  more data than width: read-out GD, width 512, 4000 training points (default 8 members)
#   b  all layers, full-batch GD, the paper's net at width 2048, T epochs (default 4 members, T 1000);
#      bayesrg flows the read-out only (brg.scope readout), as torch does
#   c  all layers, per-sample SGD, the authors' code's shape (preset reference-code: width 2000,
#      10 Fisher inputs), T epochs (default 2 members)
#   d  wide nets, bayesrg alone: the paper preset at widths N1 and N2 (default 2048 and 32768), the
#      time per member from the difference of two runs of M1 and M2 members (default 8 and 40 at N2,
#      times N2/N at a narrower width N, so that every run does about as much work; the fixed costs,
#      JIT warm-up included, cancel), divided by the width; ratio 1 = linear in width
#   e  the paper preset: read-out GD, width 2048, 200 training/test/Fisher points (default 32 members)
# Rows b and c lift the divergence limit on both sides (train.divergenceFactor=null with
# train.divergenceLoss 1e300 / --divergence-loss 1e300: only non-finite losses stop a member): the two draw different members, and a member one side stops
# after a few epochs would halve its time per member (the paper's limit stops 1 of torch's first 2).
# Each row runs R times (default 3), the two sides interleaved (bayesrg, torch, bayesrg, torch, ...),
# and prints the minimum and median of each, so that load drift on a shared machine cancels.
# bayesrg's time is summary.json's timing_seconds (the ensemble computation, JVM start excluded, as
# bench/compare-torch.sh reads it), torch's its "seconds" (everything after `import torch`).
# --quick: fewer members, 100 epochs in rows b and c, one repeat (a smoke run of about a minute).
# TORCH_BRG names another baseline script, TORCH_PYTHON another interpreter (default /usr/bin/python3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="a,b,c,d,e"; repeat=3; threads=1; epochs=1000
members_a=8; members_b=4; members_c=2; members_e=32; wide_members="8,40"; wide_widths="2048,32768"
quick=0
torch_script="${TORCH_BRG:-$here/bench/torch_brg.py}"
python="${TORCH_PYTHON:-/usr/bin/python3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --members-a) members_a="$2"; shift 2 ;;
    --members-b) members_b="$2"; shift 2 ;;
    --members-c) members_c="$2"; shift 2 ;;
    --members-e) members_e="$2"; shift 2 ;;
    --wide-members) wide_members="$2"; shift 2 ;;
    --wide-widths) wide_widths="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "scale: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$quick" = 1 ]; then
  repeat=1; epochs=100; members_a=4; members_b=1; members_c=1; members_e=8; wide_members="4,16"
fi
for n in "$repeat" "$threads" "$epochs" "$members_a" "$members_b" "$members_c" "$members_e"; do
  case "$n" in ''|*[!0-9]*) echo "scale: expected a whole number, got '$n'" >&2; exit 2 ;; esac
done
IFS=, read -r wide_m1 wide_m2 <<<"$wide_members"
IFS=, read -r wide_n1 wide_n2 <<<"$wide_widths"
if ! [ "${wide_m1:-0}" -lt "${wide_m2:-0}" ] 2>/dev/null; then
  echo "scale: --wide-members wants M1,M2 with M1 < M2, got '$wide_members'" >&2; exit 2
fi
needs_torch=0
case ",$rows," in *,a,*|*,b,*|*,c,*|*,e,*) needs_torch=1 ;; esac
if [ "$needs_torch" = 1 ]; then
  [ -f "$torch_script" ] || { echo "scale: $torch_script not found (TORCH_BRG names the baseline)" >&2; exit 2; }
  if ! "$python" -c "import torch" 2>/dev/null; then
    echo "scale: PyTorch is not installed for $python (Debian: apt-get install -y python3-torch); rows a, b, c and e need it" >&2
    exit 2
  fi
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$here/bayesrg" --version >/dev/null 2>&1   # builds the jar if needed, outside the timing

# bayesrg SECONDS_FILE ARGS...: one run; appends its timing_seconds to SECONDS_FILE
bayesrg() {
  local file="$1"; shift
  rm -rf "$out/run"
  if ! "$here/bayesrg" run --quiet --no-report --out "$out/run" "$@" >"$out/bayesrg.log" 2>&1; then
    cat "$out/bayesrg.log" >&2; echo "scale: bayesrg run $* failed" >&2; exit 1
  fi
  "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["timing_seconds"])' "$out/run/summary.json" >>"$file"
}

# torch SECONDS_FILE ARGS...: one run of the baseline; appends its seconds to SECONDS_FILE
torch() {
  local file="$1"; shift
  # as bench/compare-torch.sh: old OpenBLAS pins slow a current OpenBLAS down
  if ! env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" "$torch_script" --threads "$threads" \
      --json "$out/torch.json" "$@" >"$out/torch.log" 2>&1; then
    cat "$out/torch.log" >&2; echo "scale: torch_brg.py $* failed" >&2; exit 1
  fi
  "$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["seconds"])' "$out/torch.json" >>"$file"
}

# versus ROW MEMBERS DESCRIPTION BAYESRG_ARGS... -- TORCH_ARGS...: R interleaved pairs, one table row
versus() {
  local row="$1" m="$2" what="$3"; shift 3
  local b_args=() t_args=()
  while [ "$1" != -- ]; do b_args+=("$1"); shift; done
  shift
  t_args=("$@")
  : >"$out/$row.bayesrg"; : >"$out/$row.torch"
  for _ in $(seq "$repeat"); do
    bayesrg "$out/$row.bayesrg" --members "$m" --threads "$threads" --set fisher.geometryMembers=0 "${b_args[@]}"
    torch "$out/$row.torch" --members "$m" "${t_args[@]}"
  done
  "$python" - "$row" "$m" "$threads" "$what" "$out/$row.bayesrg" "$out/$row.torch" <<'PY'
import statistics, sys
row, m, k, what = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
b = [float(x) for x in open(sys.argv[5])]
t = [float(x) for x in open(sys.argv[6])]
per = lambda xs, f: f(xs) * k / m   # core-seconds per member
print(f"{row}  {what}")
print(f"   bayesrg: {per(b, min):9.4f} / {per(b, statistics.median):9.4f}   "
      f"torch: {per(t, min):9.4f} / {per(t, statistics.median):9.4f}   "
      f"torch/bayesrg: {min(t) / min(b):6.2f}x / {statistics.median(t) / statistics.median(b):6.2f}x")
PY
}

echo "core-seconds per member, min / median over $repeat run(s) of each side; $threads thread(s); $(nproc) cores"
echo
case ",$rows," in *,a,*)
  versus a "$members_a" "more data than width: read-out GD, n 4000 > N 512, $members_a members, 1000 epochs" \
    --width 512 --set data.train=4000 -- --mode gd --width 512 --train 4000 --chunk "$threads" ;;
esac
case ",$rows," in *,b,*)
  versus b "$members_b" "all layers, full-batch GD, width 2048, $members_b members, $epochs epochs" \
    --epochs "$epochs" --set network.trainable=all --set brg.scope=readout --set train.divergenceLoss=1e300 \
    --set train.divergenceFactor=null \
    -- --trainable all --mode gd --width 2048 --epochs "$epochs" --chunk "$threads" --divergence-loss 1e300 ;;
esac
case ",$rows," in *,c,*)
  # per-sample SGD is step-bound in Python: torch batches every member at once (as compare-torch.sh)
  versus c "$members_c" "all layers, per-sample SGD, reference-code (width 2000, 10 Fisher inputs), $members_c members, $epochs epochs" \
    --preset reference-code --epochs "$epochs" --set network.trainable=all --set brg.scope=readout \
    --set train.divergenceLoss=1e300 --set train.divergenceFactor=null \
    -- --trainable all --mode sgd --width 2000 --fisher 10 --epochs "$epochs" --chunk "$members_c" \
    --divergence-loss 1e300 ;;
esac
case ",$rows," in *,d,*)
  for n in "$wide_n1" "$wide_n2"; do
    : >"$out/d$n.small"; : >"$out/d$n.large"
  done
  scale=$(( wide_n2 > wide_n1 ? wide_n2 / wide_n1 : 1 ))
  for _ in $(seq "$repeat"); do
    for n in "$wide_n1" "$wide_n2"; do
      s=1; [ "$n" = "$wide_n1" ] && s=$scale
      bayesrg "$out/d$n.small" --width "$n" --members $((wide_m1 * s)) --threads "$threads" --set fisher.geometryMembers=0
      bayesrg "$out/d$n.large" --width "$n" --members $((wide_m2 * s)) --threads "$threads" --set fisher.geometryMembers=0
    done
  done
  "$python" - "$out" "$wide_n1" "$wide_n2" "$wide_m1" "$wide_m2" "$threads" "$scale" <<'PY'
import statistics, sys
out, n1, n2, m1, m2, k, scale = sys.argv[1], *map(int, sys.argv[2:8])
def member(n, f):
    small = [float(x) for x in open(f"{out}/d{n}.small")]
    large = [float(x) for x in open(f"{out}/d{n}.large")]
    s = scale if n == n1 else 1
    return (f(large) - f(small)) * k / ((m2 - m1) * s)   # core-seconds per member
print(f"d  wide nets, bayesrg alone: paper preset without the Fisher geometry, per member from "
      f"{m1 * scale} and {m2 * scale} members at N={n1}, {m1} and {m2} at N={n2}, divided by the width")
for name, f in (("min", min), ("median", statistics.median)):
    a, b = member(n1, f), member(n2, f)
    print(f"   {name:>6}: N={n1}: {a:.4f} s/member, {a / n1 * 1e6:.3f} us per unit of width;  "
          f"N={n2}: {b:.4f} s/member, {b / n2 * 1e6:.3f} us;  ratio {b / n2 / (a / n1):.3f} (1 = linear)")
PY
  ;;
esac
case ",$rows," in *,e,*)
  versus e "$members_e" "paper preset: read-out GD, width 2048, 200 training/test/Fisher points, $members_e members, 1000 epochs" \
    -- --mode gd --width 2048 --chunk "$threads" ;;
esac
