#!/usr/bin/python3
"""bayesrg's PyTorch baseline: the workload of `bayesrg run`, written as a PyTorch user would.

It exists to measure bayesrg against PyTorch on the same machine and to check that both compute
the same experiment (bench/compare-torch.sh runs the two and compares). It needs only Debian's
python3-torch (and NumPy, which that package pulls in).

The workload, identical to bayesrg's `paper` preset with the sizes given on the command line
(`--fisher 10` and `--width 2000` with `--mode sgd` give the `reference-code` preset):

  data      one training, test and Fisher set shared by every member, drawn once from --data-seed:
            x ~ N((1, 1), I_2), y = (1 - x0)^2 - 0.5 (x1 - x0^2); the probe input x* = (1, 1)
  network   2 -> 10 (identity) -> 10 (relu) -> width (relu) -> 1, no biases, every weight N(0, 1),
            each member with its own weights
  training  the read-out a only, learning rate --lr, --epochs epochs:
              gd : a <- a - lr * grad of (1/n) sum_i (f(x_i) - y_i)^2, once per epoch (full batch)
              sgd: a <- a - lr * grad of (f(x_i) - y_i)^2 for i = 1..n in a fixed order, every epoch
            the epoch loss (gd: the MSE before the update; sgd: the mean of the per-step losses) is
            checked every epoch; a member whose loss is not finite or exceeds --divergence-loss is
            marked diverged, stops training and is left out of the statistics
  Fisher    diagonal, regression with unit noise: F_j = mean over the Fisher inputs of phi_j(x)^2,
            phi the last hidden layer (the read-out's gradient)
  flow      for each of the 25 cutoffs eps (ascending) every read-out weight with F_j < eps that was
            not coarse grained before is redrawn from its prior N(0, 1) and keeps that value
            (nested); entry 0 is the trained ensemble, entry k the ensemble after the k-th cutoff
  measured  per entry: test MSE of every member, f(x*), the share of weights coarse grained

The random numbers differ from bayesrg's (another generator), so the two agree in distribution,
not member by member. Member m draws its weights (and its coarse-grained redraws) from a generator
seeded by (--seed, m), so the results do not depend on --chunk or --threads. Members are computed
in batches of --chunk with a leading member axis (torch.bmm); all arithmetic is float64. The timed part (`seconds`) is everything after
`import torch`: data, initialisation, training, Fisher metric and flow.

Prints one line `members=M seconds=S per_member=P final_test_mse_median=X diverged=D`, and with
--json FILE writes the ensemble statistics per flow entry (medians over the members that did not
diverge), for bench/compare-torch.sh to set beside bayesrg's flow.csv.

    /usr/bin/python3 bench/torch_brg.py --members 16 --mode gd --threads 1
    /usr/bin/python3 bench/torch_brg.py --members 16 --mode sgd --width 2000 --json out.json
"""
import argparse
import json
import math
import time

import torch

CUTOFFS = (1e-4, 5e-3, 7.5e-3, 1e-2, 5e-2, 7.5e-2, 1e-1, 5e-1, 7.5e-1, 1.0, 5.0, 7.5,
           10.0, 50.0, 75.0, 100.0, 500.0, 750.0, 1000.0, 5000.0, 7500.0, 1e4, 5e4, 7.5e4, 1e5)
PROBE = (1.0, 1.0)


def options():
    p = argparse.ArgumentParser(description="bayesrg's PyTorch baseline (see the file's top).")
    p.add_argument("--members", type=int, default=64)
    p.add_argument("--width", type=int, default=2048, help="width of the last hidden layer")
    p.add_argument("--epochs", type=int, default=1000)
    p.add_argument("--mode", choices=("gd", "sgd"), default="gd")
    p.add_argument("--lr", type=float, default=1e-6)
    p.add_argument("--train", type=int, default=200)
    p.add_argument("--test", type=int, default=200)
    p.add_argument("--fisher", type=int, default=200)
    p.add_argument("--divergence-loss", type=float, default=1e6)
    p.add_argument("--data-seed", type=int, default=42)
    p.add_argument("--seed", type=int, default=0, help="seed of the members' weights")
    p.add_argument("--chunk", type=int, default=1, help="members computed together (batched)")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--json", default="", help="write the per-entry statistics here")
    p.add_argument("--trainable", choices=("readout", "all"), default="readout",
                   help="train the read-out only (the paper) or every layer (backpropagation)")
    a = p.parse_args()
    for name in ("members", "width", "train", "test", "fisher", "chunk"):
        if getattr(a, name) < 1:
            p.error(f"--{name} must be at least 1, got {getattr(a, name)}")
    if a.epochs < 0 or not (a.lr > 0) or not (a.divergence_loss > 0):
        p.error("--epochs must be >= 0, --lr and --divergence-loss > 0")
    return a


def quadratic(x):
    """The paper's "2D quadratic" target, for inputs [..., 2]."""
    return (1.0 - x[..., 0]) ** 2 - 0.5 * (x[..., 1] - x[..., 0] ** 2)


def shared_data(a):
    """Training, test and Fisher inputs (and targets) shared by every member."""
    g = torch.Generator().manual_seed(a.data_seed)
    draw = lambda n: torch.randn(n, 2, generator=g, dtype=torch.float64) + 1.0  # noqa: E731
    x_train, x_test, x_fisher = draw(a.train), draw(a.test), draw(a.fisher)
    probe = torch.tensor([PROBE], dtype=torch.float64)
    return {"train": (x_train, quadratic(x_train)), "test": (x_test, quadratic(x_test)),
            "fisher": x_fisher, "probe": probe}


def member_generators(seed, first, count):
    """One generator per member, seeded by (seed, member): results do not depend on --chunk."""
    return [torch.Generator().manual_seed(seed * 1_000_003 + member) for member in range(first, first + count)]


def stacked_normal(generators, *shape):
    """N(0, 1) draws of `shape` for each member, stacked on a leading member axis."""
    return torch.stack([torch.randn(*shape, generator=g, dtype=torch.float64) for g in generators])


class Members:
    """The weights of a chunk of members, stacked on a leading axis; the read-out is the last."""

    def __init__(self, generators, width):
        self.w1 = stacked_normal(generators, 2, 10)
        self.w2 = stacked_normal(generators, 10, 10)
        self.w3 = stacked_normal(generators, 10, width)
        self.readout = stacked_normal(generators, width)

    def features(self, x):
        """Last hidden layer phi(x) [count, points, width] for shared inputs x [points, 2]."""
        h = x.expand(self.w1.shape[0], -1, -1)
        h = torch.bmm(h, self.w1)                      # identity
        h = torch.relu(torch.bmm(h, self.w2))
        return torch.relu(torch.bmm(h, self.w3))


def train_gd(phi, y, a, lr, epochs, limit):
    """Full-batch GD on the mean squared error; returns the read-outs and the diverged mask."""
    n = phi.shape[1]
    a = a.clone().unsqueeze(2)                          # [C, N, 1]
    phi_t = phi.transpose(1, 2).contiguous()
    target = y.expand(phi.shape[0], -1).unsqueeze(2)   # [C, n, 1]
    diverged = torch.zeros(phi.shape[0], dtype=torch.bool)
    for _ in range(epochs):
        r = torch.bmm(phi, a) - target
        loss = r.pow(2).mean(dim=(1, 2))
        diverged |= ~torch.isfinite(loss) | (loss > limit)
        if diverged.all():
            break
        r[diverged] = 0.0                               # a diverged member stops training
        a.baddbmm_(phi_t, r, alpha=-2.0 * lr / n)
    return a.squeeze(2), diverged


def train_sgd(phi, y, a, lr, epochs, limit):
    """Per-sample SGD on (f - y)^2 in a fixed order; returns the read-outs and the diverged mask."""
    n = phi.shape[1]
    a = a.clone()
    diverged = torch.zeros(phi.shape[0], dtype=torch.bool)
    live = torch.ones(phi.shape[0], 1, dtype=torch.float64)
    for _ in range(epochs):
        loss = torch.zeros(phi.shape[0], dtype=torch.float64)
        for i in range(n):
            phi_i = phi[:, i, :]
            r = (phi_i * a).sum(dim=1) - y[i]
            loss += r * r
            a.addcmul_(phi_i, (r.unsqueeze(1) * live), value=-2.0 * lr)
        loss /= n
        diverged |= ~torch.isfinite(loss) | (loss > limit)
        live = (~diverged).to(torch.float64).unsqueeze(1)
        if diverged.all():
            break
    return a, diverged


def backpropagate(m, x, y, scale, live):
    """Forward and backward pass of the whole network on inputs x [C, b, 2] (b points per member):
    returns the squared residuals' sum [C] and the gradients of scale * sum (f - y)^2, each member's
    zeroed where `live` [C] is 0 (a diverged member stops training)."""
    h1 = torch.bmm(x, m.w1)                            # identity
    z2 = torch.bmm(h1, m.w2)
    h2 = torch.relu(z2)
    z3 = torch.bmm(h2, m.w3)
    h3 = torch.relu(z3)
    r = torch.bmm(h3, m.readout.unsqueeze(2)).squeeze(2) - y  # [C, b]
    g_f = (2.0 * scale * r * live.unsqueeze(1)).unsqueeze(2)   # [C, b, 1]
    g_readout = torch.bmm(h3.transpose(1, 2), g_f).squeeze(2)
    g_z3 = torch.bmm(g_f, m.readout.unsqueeze(1)) * (z3 > 0)
    g_w3 = torch.bmm(h2.transpose(1, 2), g_z3)
    g_z2 = torch.bmm(g_z3, m.w3.transpose(1, 2)) * (z2 > 0)
    g_w2 = torch.bmm(h1.transpose(1, 2), g_z2)
    g_w1 = torch.bmm(x.transpose(1, 2), torch.bmm(g_z2, m.w2.transpose(1, 2)))
    return r.pow(2).sum(dim=1), (g_w1, g_w2, g_w3, g_readout)


def step(m, grads, lr):
    for weights, g in zip((m.w1, m.w2, m.w3, m.readout), grads):
        weights.sub_(lr * g)


def train_all(m, x, y, a):
    """Every layer trained by backpropagation, GD (full batch) or per-sample SGD; returns the
    diverged mask. The weights of `m` are updated in place."""
    count, n = m.w1.shape[0], x.shape[0]
    xs = x.expand(count, -1, -1)
    ys = y.expand(count, -1)
    diverged = torch.zeros(count, dtype=torch.bool)
    for _ in range(a.epochs):
        if a.mode == "gd":
            # as in train_gd: the loss before the update decides whether this epoch still updates
            squares, grads = backpropagate(m, xs, ys, 1.0 / n, torch.ones(count, dtype=torch.float64))
            diverged |= diverged_loss(squares / n, a.divergence_loss)
            if diverged.all():
                break
            live = (~diverged).to(torch.float64)
            step(m, [g * live.view(-1, *([1] * (g.dim() - 1))) for g in grads], a.lr)
        else:
            live = (~diverged).to(torch.float64)
            squares = torch.zeros(count, dtype=torch.float64)
            for i in range(n):
                s, grads = backpropagate(m, xs[:, i:i + 1, :], ys[:, i:i + 1], 1.0, live)
                squares += s
                step(m, grads, a.lr)
            diverged |= diverged_loss(squares / n, a.divergence_loss)
            if diverged.all():
                break
    return diverged


def diverged_loss(loss, limit):
    return ~torch.isfinite(loss) | (loss > limit)


def run_chunk(a, data, first, count):
    generators = member_generators(a.seed, first, count)
    m = Members(generators, a.width)
    x_train, y_train = data["train"]
    x_test, y_test = data["test"]
    if a.trainable == "all":
        diverged = train_all(m, x_train, y_train, a)
        readout = m.readout
    else:
        phi = m.features(x_train)
        train = train_gd if a.mode == "gd" else train_sgd
        readout, diverged = train(phi, y_train, m.readout, a.lr, a.epochs, a.divergence_loss)
        del phi
    fisher = m.features(data["fisher"]).pow(2).mean(dim=1)         # [C, N], unit noise
    phi_test = m.features(x_test)                                   # [C, n_test, N]
    phi_probe = m.features(data["probe"])[:, 0, :]                  # [C, N]
    entries = len(CUTOFFS) + 1
    mse = torch.empty(count, entries, dtype=torch.float64)
    probe = torch.empty(count, entries, dtype=torch.float64)
    sloppy = torch.empty(count, entries, dtype=torch.float64)
    done = torch.zeros(count, a.width, dtype=torch.bool)
    w = readout.clone()
    for k in range(entries):
        if k > 0:
            fresh = (fisher < CUTOFFS[k - 1]) & ~done
            w = torch.where(fresh, stacked_normal(generators, a.width), w)
            done |= fresh
        f = torch.bmm(phi_test, w.unsqueeze(2)).squeeze(2)
        mse[:, k] = (f - y_test).pow(2).mean(dim=1)
        probe[:, k] = (phi_probe * w).sum(dim=1)
        sloppy[:, k] = done.sum(dim=1).to(torch.float64) / a.width
    return mse, probe, sloppy, diverged


def statistics(mse, probe, sloppy, diverged):
    kept = ~diverged
    rows = []
    for k in range(mse.shape[1]):
        m, p = mse[kept, k], probe[kept, k]
        rows.append({
            "entry": k,
            "cutoff": None if k == 0 else CUTOFFS[k - 1],
            "sloppy_fraction": sloppy[kept, k].mean().item() if kept.any() else math.nan,
            # linear interpolation between order statistics, as bayesrg's flow.csv (torch.median
            # would give the lower of the two middle values)
            "test_mse_median": torch.quantile(m, 0.5).item() if kept.any() else math.nan,
            "test_mse_mean": m.mean().item() if kept.any() else math.nan,
            "probe_mean": p.mean().item() if kept.any() else math.nan,
            "probe_variance": p.var().item() if kept.sum() > 1 else math.nan,
        })
    return rows


def main():
    a = options()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    start = time.perf_counter()
    data = shared_data(a)
    parts = []
    for first in range(0, a.members, a.chunk):
        parts.append(run_chunk(a, data, first, min(a.chunk, a.members - first)))
    mse, probe, sloppy, diverged = (torch.cat([p[i] for p in parts]) for i in range(4))
    seconds = time.perf_counter() - start
    flow = statistics(mse, probe, sloppy, diverged)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as out:
            json.dump({"workload": vars(a), "seconds": seconds, "members": a.members,
                       "members_diverged": int(diverged.sum()), "flow": flow}, out, indent=1)
    print(f"members={a.members} seconds={seconds:.3f} per_member={seconds / a.members:.4f} "
          f"final_test_mse_median={flow[-1]['test_mse_median']:.6g} diverged={int(diverged.sum())} "
          f"threads={torch.get_num_threads()}")


if __name__ == "__main__":
    main()
