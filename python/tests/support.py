"""Shared pieces of the tests: small data sets, a forward pass written independently of the
package, a .npy header reader and the bayesrg jar."""

from __future__ import annotations

import ast
import math
import os
import shutil
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO = PYTHON_DIR.parent
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

_erf = np.vectorize(math.erf)
ACT = {
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "tanh": np.tanh,
    "erf": _erf,
    "cos": np.cos,
    "gelu": lambda z: 0.5 * z * (1.0 + _erf(z / math.sqrt(2.0))),
}


def quadratic(x):
    """The paper's target, (1 - x0)^2 - 0.5 (x1 - x0^2)."""
    return (1.0 - x[:, 0]) ** 2 - 0.5 * (x[:, 1] - x[:, 0] ** 2)


def data(seed=0, n=20, t=15, n_fisher=10, d=2, probe=True):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 1.0, size=(n + t + n_fisher, d))
    y = x.sum(axis=1) ** 2
    out = dict(train_inputs=x[:n], train_targets=y[:n], test_inputs=x[n:n + t], test_targets=y[n:n + t],
               fisher_inputs=x[n + t:])
    if probe:
        out["probe_input"] = np.ones(d)
    return out


def forward(layers, activations, output_activation, x):
    """f(x) of one network given as [(weight [out, in], bias [out] or None), …]."""
    h = x
    for i, (w, b) in enumerate(layers):
        h = h @ w.T + (0.0 if b is None else b)
        h = ACT[activations[i] if i < len(layers) - 1 else output_activation](h)
    return h[:, 0]


def npy_header(path):
    """(version, descr, fortran_order, shape) read from the file's bytes, not through np.load."""
    raw = Path(path).read_bytes()
    assert raw[:6] == b"\x93NUMPY", path
    major, minor = raw[6], raw[7]
    if major == 1:
        length, start = int.from_bytes(raw[8:10], "little"), 10
    else:
        length, start = int.from_bytes(raw[8:12], "little"), 12
    header = ast.literal_eval(raw[start:start + length].decode("latin1"))
    return (major, minor), header["descr"], header["fortran_order"], tuple(header["shape"])


def jar():
    """The bayesrg command-line jar ($BAYESRG_JAR, else the build's), or None without it or java."""
    path = Path(os.environ.get("BAYESRG_JAR") or REPO / "bayesrg-cli" / "target" / "bayesrg.jar")
    if not path.is_file() or shutil.which(java()) is None:
        return None
    return path


def java():
    """The java command: $BAYESRG_JAVA (Maven passes the JVM it runs on), else java on the PATH."""
    return os.environ.get("BAYESRG_JAVA") or "java"


def bayesrg_cli(*args, check=True, timeout=300):
    """Runs ``java -jar bayesrg.jar ARGS``; returns the CompletedProcess."""
    result = subprocess.run([java(), "-Xmx1g", "-jar", str(jar()), *map(str, args)], capture_output=True,
                            text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"bayesrg {' '.join(map(str, args))} exited {result.returncode}:\n"
                             f"{result.stdout}\n{result.stderr}")
    return result


class TempDir(unittest.TestCase):
    """A test with a fresh temporary directory ``self.tmp``, and readers for what an export wrote."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self):
        self._tmp.cleanup()

    def load(self, directory, name):
        return np.load(Path(directory) / f"{name}.npy", allow_pickle=False)

    def manifest(self, directory):
        return json.loads((Path(directory) / "ensemble.json").read_text())

    def config(self, directory):
        return (Path(directory) / "config.yaml").read_text()
