#!/usr/bin/env python3
"""Train a small PyTorch ensemble in the shape of the paper's experiment and hand it to bayesrg.

The workload is bayesrg's `paper` preset (and bench/torch_brg.py's), only smaller by default:

  data      training, test and Fisher sets shared by every member, drawn once from --data-seed:
            x ~ N((1, 1), I_2), y = (1 - x0)^2 - 0.5 (x1 - x0^2); the probe input x* = (1, 1)
  network   nn.Sequential: 2 -> 10 (identity) -> 10 (relu) -> --width (relu) -> 1, no biases,
            every weight N(0, 1), each member its own
  training  the read-out only, full-batch gradient descent on the mean squared error, --lr (1e-6),
            --epochs; a member whose loss is not finite or exceeds 1e6 stops training (bayesrg
            calls it diverged and leaves it out of the statistics)

The ensemble is then written with bayesrg.export_ensemble(kind="mlp") — the modules themselves, from
which export_ensemble reads the layers, the activations and the biases — together with the weights
training started from, and the script prints the `bayesrg import` command that turns it into a run
directory. With --run-import it runs that command and reads the run back with bayesrg.load_run.

    /usr/bin/python3 python/examples/pytorch_ensemble.py --members 16 --width 512 --epochs 200
    /usr/bin/python3 python/examples/pytorch_ensemble.py --run-import

Needs PyTorch and NumPy (Debian: python3-torch, python3-numpy).
"""

from __future__ import annotations

import argparse
import copy
import os
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))  # python/, for `import bayesrg`

import torch  # noqa: E402
from torch import nn  # noqa: E402

import bayesrg  # noqa: E402

DIVERGENCE_LOSS = 1e6


def options(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--members", type=int, default=8)
    p.add_argument("--width", type=int, default=256, help="width of the last hidden layer")
    p.add_argument("--epochs", type=int, default=100)
    p.add_argument("--lr", type=float, default=1e-6)
    p.add_argument("--train", type=int, default=200)
    p.add_argument("--test", type=int, default=200)
    p.add_argument("--fisher", type=int, default=200)
    p.add_argument("--data-seed", type=int, default=42)
    p.add_argument("--seed", type=int, default=0, help="seed of the members' weights")
    p.add_argument("--float32", action="store_true", help="export the arrays in float32")
    p.add_argument("--out", default="pytorch-ensemble", help="the ensemble directory to write")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.add_argument("--run-import", action="store_true", help="also run `bayesrg import` and read the run")
    p.add_argument("--run-out", default=None, help="the run directory of --run-import (default: OUT-run)")
    a = p.parse_args(argv)
    for name in ("members", "width", "train", "test", "fisher"):
        if getattr(a, name) < 1:
            p.error(f"--{name} must be at least 1")
    if a.epochs < 0 or not a.lr > 0:
        p.error("--epochs must be >= 0 and --lr > 0")
    return a


def quadratic(x):
    """The paper's "2D quadratic" target."""
    return (1.0 - x[:, 0]) ** 2 - 0.5 * (x[:, 1] - x[:, 0] ** 2)


def member(width, generator):
    """One network with every weight N(0, 1) (not PyTorch's default initialisation)."""
    net = nn.Sequential(
        nn.Linear(2, 10, bias=False), nn.Identity(),
        nn.Linear(10, 10, bias=False), nn.ReLU(),
        nn.Linear(10, width, bias=False), nn.ReLU(),
        nn.Linear(width, 1, bias=False),
    ).double()
    with torch.no_grad():
        for layer in net:
            if isinstance(layer, nn.Linear):
                layer.weight.copy_(torch.randn(layer.weight.shape, generator=generator, dtype=torch.float64))
    return net


def train_readout(net, x, y, lr, epochs):
    """Full-batch GD of the read-out alone on the MSE; returns (final loss, diverged)."""
    hidden, readout = net[:-1], net[-1]
    with torch.no_grad():
        features = hidden(x)  # the hidden layers are not trained: their features are fixed
    optimizer = torch.optim.SGD(readout.parameters(), lr=lr)
    loss = None
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = ((readout(features).squeeze(1) - y) ** 2).mean()
        if not torch.isfinite(loss) or loss.item() > DIVERGENCE_LOSS:
            return loss.item(), True
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        loss = ((readout(features).squeeze(1) - y) ** 2).mean().item()
    return loss, not (loss <= DIVERGENCE_LOSS)


def main(argv=None):
    a = options(argv)
    g = torch.Generator().manual_seed(a.data_seed)
    draw = lambda n: torch.randn(n, 2, generator=g, dtype=torch.float64) + 1.0  # noqa: E731
    x_train, x_test, x_fisher = draw(a.train), draw(a.test), draw(a.fisher)
    y_train, y_test = quadratic(x_train), quadratic(x_test)

    members, initial, losses, diverged = [], [], [], 0
    for m in range(a.members):
        net = member(a.width, torch.Generator().manual_seed(a.seed * 1_000_003 + m))
        initial.append(copy.deepcopy(net))
        loss, gone = train_readout(net, x_train, y_train, a.lr, a.epochs)
        members.append(net)
        losses.append(loss)
        diverged += gone
    losses.sort()
    print(f"trained {a.members} members (width {a.width}, {a.epochs} epochs): median final training MSE "
          f"{losses[len(losses) // 2]:.4g}, {diverged} diverged")

    out = bayesrg.export_ensemble(
        a.out, "mlp", members, initial=initial,
        train_inputs=x_train, train_targets=y_train, test_inputs=x_test, test_targets=y_test,
        fisher_inputs=x_fisher, probe_input=[1.0, 1.0],
        dtype="float32" if a.float32 else "float64", overwrite=a.force,
        source=f"pytorch {torch.__version__}, python/examples/pytorch_ensemble.py")
    run_dir = Path(a.run_out or f"{out}-run")
    launcher = os.path.relpath(REPO / "bayesrg")
    launcher = launcher if launcher.startswith("..") or os.path.isabs(launcher) else "./" + launcher
    command = [launcher, "import", str(out), "--out", str(run_dir)]
    print(f"wrote the ensemble directory {out}; turn it into a run with:")
    print("  " + " ".join(shlex.quote(c) for c in command))
    if not a.run_import:
        return 0
    result = subprocess.run(command)
    if result.returncode != 0:
        print(f"bayesrg import exited with {result.returncode}", file=sys.stderr)
        return result.returncode
    run = bayesrg.load_run(run_dir)
    median = run.flow["test_mse_median"]
    print(f"{run.path}: {run.member_count} members, {int(run.diverged.sum())} diverged; median test MSE "
          f"{median[0]:.4g} trained, {median[-1]:.4g} after the last cutoff; critical cutoff "
          f"{run.summary.get('critical_cutoff')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
