"""export_ensemble from PyTorch modules, and the worked example (skipped without PyTorch)."""

from __future__ import annotations

import copy
import subprocess
import sys
import unittest

import numpy as np

from support import PYTHON_DIR, TempDir, data, forward

import bayesrg

try:
    import torch
    from torch import nn
except ImportError:
    torch = None


def sequential(seed=0):
    """2 -> 5 tanh (bias) -> 4 relu (no bias; ReLU and Dropout in a nested Sequential) -> 3 gelu
    (bias) -> 1 (no bias), with an Identity after the GELU."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(2, 5), nn.Tanh(),
                         nn.Linear(5, 4, bias=False), nn.Sequential(nn.ReLU(), nn.Dropout(0.1)),
                         nn.Linear(4, 3), nn.GELU(), nn.Identity(),
                         nn.Linear(3, 1, bias=False))


@unittest.skipUnless(torch, "PyTorch is not installed")
class TorchTest(TempDir):
    def exported_layers(self, out, member, count):
        return [(self.load(out, f"layer{i}_weight")[member],
                 self.load(out, f"layer{i}_bias")[member] if (out / f"layer{i}_bias.npy").exists() else None)
                for i in range(count)]

    def test_a_sequential_gives_layers_activations_and_biases(self):
        members = [sequential(seed) for seed in range(3)]
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", members, **data())
        self.assertEqual((out / "config.yaml").read_text().splitlines()[1:4], [
            "network:",
            "  hidden: [{width: 5, activation: tanh, bias: true}, {width: 4, activation: relu, bias: false}, "
            "{width: 3, activation: gelu, bias: true}]",
            "  outputActivation: identity",
        ])
        self.assertIn("  outputBias: false", (out / "config.yaml").read_text())
        self.assertIn(f"torch {torch.__version__}", (out / "ensemble.json").read_text())
        # the exported arrays compute what PyTorch computes (float32 modules, widened exactly)
        x = data()["test_inputs"]
        for m, net in enumerate(members):
            net.eval()
            with torch.no_grad():
                expected = net(torch.tensor(x, dtype=torch.float64).float()).double().numpy()[:, 0]
                exact = net.double()(torch.tensor(x, dtype=torch.float64)).numpy()[:, 0]
            got = forward(self.exported_layers(out, m, 4), ["tanh", "relu", "gelu"], "identity", x)
            np.testing.assert_allclose(got, exact, rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)

    def test_the_activation_after_the_read_out_and_missing_ones(self):
        nets = [nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1), nn.Tanh()) for _ in range(2)]
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", nets, **data())
        text = (out / "config.yaml").read_text()
        self.assertIn("hidden: [{width: 3, activation: identity, bias: true}]", text)
        self.assertIn("outputActivation: tanh", text)
        with self.assertRaisesRegex(ValueError, r"output_activation='relu' contradicts the modules"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", nets, output_activation="relu", **data())

    def test_initial_modules(self):
        nets = [sequential(seed) for seed in range(2)]
        starts = [copy.deepcopy(n) for n in nets]
        with torch.no_grad():
            for n in nets:
                n[-1].weight.add_(1.0)
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", nets, initial=starts, **data())
        np.testing.assert_allclose(self.load(out, "layer3_weight") - 1.0, self.load(out, "layer3_weight_initial"),
                                   atol=1e-6)  # float32 arithmetic of add_
        self.assertFalse(np.array_equal(self.load(out, "layer3_weight"), self.load(out, "layer3_weight_initial")))
        np.testing.assert_array_equal(self.load(out, "layer0_bias"), self.load(out, "layer0_bias_initial"))

    def test_what_cannot_be_read_off(self):
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.a, self.b = nn.Linear(2, 4), nn.Linear(4, 1)

            def forward(self, x):
                return self.b(torch.cos(self.a(x)))

        nets = [Net(), Net()]
        with self.assertRaisesRegex(ValueError, r"activations= is needed: the activations of members\[0\] cannot be "
                                                r"read off \(it is a Net, not an nn.Sequential"):
            bayesrg.export_ensemble(self.tmp / "e", "mlp", nets, **data())
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", nets, activations=["cos"], **data())
        self.assertIn("activation: cos", (out / "config.yaml").read_text())

        with self.assertRaisesRegex(ValueError, r"it holds a LayerNorm"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", [nn.Sequential(nn.Linear(2, 4), nn.LayerNorm(4),
                                                                        nn.Linear(4, 1))], **data())
        with self.assertRaisesRegex(ValueError, r"nn.GELU\(approximate='tanh'\); bayesrg's gelu is the exact one"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", [nn.Sequential(nn.Linear(2, 4), nn.GELU("tanh"),
                                                                        nn.Linear(4, 1))], **data())
        with self.assertRaisesRegex(ValueError, r"2 activations in a row after layer 0"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", [nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Tanh(),
                                                                        nn.Linear(4, 1))], **data())
        with self.assertRaisesRegex(ValueError, r"activations=\['tanh'\] contradicts the modules, whose activations "
                                                r"are \['relu'\]"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", [nn.Sequential(nn.Linear(2, 4), nn.ReLU(),
                                                                        nn.Linear(4, 1))], activations="tanh",
                                    **data())
        with self.assertRaisesRegex(ValueError, r"members\[1\] has activations \['tanh'\]"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", [nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 1)),
                                                         nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1))],
                                    **data())
        with self.assertRaisesRegex(ValueError, r"layout='in_out' is for JAX/flax pytrees"):
            bayesrg.export_ensemble(self.tmp / "f", "mlp", nets, activations="cos", layout="jax", **data())
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["e"])

    def test_tensors_as_data(self):
        sets = {k: torch.tensor(v) for k, v in data().items()}
        out = bayesrg.export_ensemble(self.tmp / "e", "outputs", outputs=torch.zeros(2, 3), mesh_inputs=torch.ones(3, 2))
        self.assertEqual(self.load(out, "outputs").shape, (2, 3))
        out = bayesrg.export_ensemble(self.tmp / "f", "mlp", [sequential()], **sets)
        np.testing.assert_array_equal(self.load(out, "train_inputs"), data()["train_inputs"])

    def test_the_example(self):
        out = self.tmp / "ens"
        result = subprocess.run(
            [sys.executable, str(PYTHON_DIR / "examples" / "pytorch_ensemble.py"), "--members", "3", "--width", "16",
             "--epochs", "20", "--train", "30", "--test", "20", "--fisher", "10", "--out", str(out)],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("bayesrg import " + str(out) + " --out " + str(out) + "-run", result.stdout)
        self.assertEqual(self.load(out, "layer2_weight").shape, (3, 16, 10))
        # only the read-out was trained, and training lowered every member's training loss
        for i in range(3):
            same = np.array_equal(self.load(out, f"layer{i}_weight"), self.load(out, f"layer{i}_weight_initial"))
            self.assertTrue(same, f"layer {i}")
        x, y = self.load(out, "train_inputs"), self.load(out, "train_targets")
        np.testing.assert_allclose(y, (1 - x[:, 0]) ** 2 - 0.5 * (x[:, 1] - x[:, 0] ** 2), rtol=1e-15)
        acts = ["identity", "relu", "relu"]
        for m in range(3):
            trained = [(self.load(out, f"layer{i}_weight")[m], None) for i in range(4)]
            start = [(self.load(out, f"layer{i}_weight_initial")[m], None) for i in range(4)]
            loss = np.mean((forward(trained, acts, "identity", x) - y) ** 2)
            loss0 = np.mean((forward(start, acts, "identity", x) - y) ** 2)
            self.assertLess(loss, loss0, f"member {m}")


if __name__ == "__main__":
    unittest.main()
