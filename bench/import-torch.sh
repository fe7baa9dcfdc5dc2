#!/usr/bin/env bash
# bench/import-torch.sh: an ensemble trained in PyTorch, analysed by bayesrg, beside bayesrg's own
# ensemble of the same configuration on the same data. Trains M members of the paper's experiment in
# PyTorch (python/examples/pytorch_ensemble.py), imports them (`bayesrg import`), trains M members
# with bayesrg on the ensemble directory's data (`bayesrg run --set data.source=npy`), and prints the
# two flows side by side: sloppy fraction, median test MSE and probe variance per cutoff, the
# critical cutoff with its bootstrap interval, and the diverged members. The random draws differ,
# so the two agree as two ensembles of one law do, not bit for bit.
#
#   bench/import-torch.sh [--members M] [--width N] [--epochs T] [--out DIR]
#
# Defaults: the paper's experiment with 256 members (about 4 minutes of PyTorch on 2 cores). DIR
# (default a new temporary directory) receives ensemble/, imported/ and own/.
# TORCH_PYTHON picks the interpreter (default /usr/bin/python3, where Debian's python3-torch is).
# Installs nothing: without PyTorch it says how to get it and exits 2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
members=256; width=2048; epochs=1000; out=""
python="${TORCH_PYTHON:-/usr/bin/python3}"
while [ $# -gt 0 ]; do
  case "$1" in
    --members) members="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "import-torch.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "import-torch.sh: $python has no PyTorch/NumPy; install them (Debian: apt-get install -y python3-torch python3-numpy) or set TORCH_PYTHON" >&2
  exit 2
fi
out="${out:-$(mktemp -d)}"
mkdir -p "$out"
export PYTHONPATH="$here/python${PYTHONPATH:+:$PYTHONPATH}"

echo "== PyTorch: $members members, width $width, $epochs epochs"
start=$(date +%s.%N)
"$python" "$here/python/examples/pytorch_ensemble.py" --members "$members" --width "$width" \
  --epochs "$epochs" --out "$out/ensemble" --force | grep -v -e '^ ' -e 'turn it into a run'
echo "   $(echo "$(date +%s.%N) - $start" | bc) s"

echo "== bayesrg import"
"$here/bayesrg" import "$out/ensemble" --out "$out/imported" --quiet --no-report --timings 2>&1 | grep -v WARNING
echo "== bayesrg run on the same data and configuration"
"$here/bayesrg" run --members "$members" --config "$out/ensemble/config.yaml" --epochs "$epochs" \
  --set data.source=npy --set "data.directory=$out/ensemble" --out "$out/own" --quiet --no-report --timings \
  2>&1 | grep -v WARNING

"$python" - "$out/imported" "$out/own" <<'EOF'
import sys
import numpy as np
import bayesrg

imported, own = bayesrg.load_run(sys.argv[1]), bayesrg.load_run(sys.argv[2])
print("\n%5s %9s | %-34s | %-34s" % ("entry", "cutoff", "trained in PyTorch, imported", "trained by bayesrg"))
print("%5s %9s | %8s %12s %12s | %8s %12s %12s" % ("", "", "sloppy", "median MSE", "probe var", "sloppy",
                                                     "median MSE", "probe var"))
for k in range(len(imported.flow["entry"])):
    cutoff = imported.flow["cutoff"][k]
    row = ["trained" if np.isnan(cutoff) else "%g" % cutoff]
    for run in (imported, own):
        row += ["%.3f" % run.flow["sloppy_fraction"][k], "%.4g" % run.flow["test_mse_median"][k],
                "%.4g" % run.flow["probe_variance"][k]]
    print("%5d %9s | %8s %12s %12s | %8s %12s %12s" % (k, *row))
for name, run in (("PyTorch, imported", imported), ("bayesrg", own)):
    s = run.summary
    ci = s["critical_interval"]
    print("%-18s critical cutoff %s, 95 %% CI [%s, %s]; %d of %d members diverged" % (
        name, s["critical_cutoff"], ci["lower"], ci["upper"], s["members_diverged"], s["members"]))
EOF
