"""export_ensemble: every kind written and read back with NumPy, float32, the checks, atomicity."""

from __future__ import annotations

import os
import textwrap
import unittest
from unittest import mock

import numpy as np

from support import ACT, TempDir, data, forward, npy_header

import bayesrg
from bayesrg import _export, _yaml

try:
    import yaml  # PyYAML, only to parse config.yaml with a second, independent reader
except ImportError:
    yaml = None


def mlp_members(count=3, seed=1, d=2):
    """Members 2 -> 5 (bias) -> 4 (no bias) -> 1 (bias), as (weight [out, in], bias) pairs."""
    rng = np.random.default_rng(seed)
    return [[(rng.normal(size=(5, d)), rng.normal(size=5)),
             (rng.normal(size=(4, 5)), None),
             (rng.normal(size=(1, 4)), rng.normal(size=1))] for _ in range(count)]


class MlpTest(TempDir):
    def test_round_trip_of_weight_bias_pairs(self):
        members = mlp_members()
        out = bayesrg.export_ensemble(self.tmp / "ens", "mlp", members, activations=["tanh", "relu"],
                                      source="a test", **data())
        self.assertEqual(out, self.tmp / "ens")
        names = sorted(p.name for p in out.iterdir())
        self.assertEqual(names, sorted(["config.yaml", "ensemble.json", "fisher_inputs.npy", "layer0_bias.npy",
                                        "layer0_weight.npy", "layer1_weight.npy", "layer2_bias.npy",
                                        "layer2_weight.npy", "probe_input.npy", "test_inputs.npy",
                                        "test_targets.npy", "train_inputs.npy", "train_targets.npy"]))
        for i in range(3):
            w = self.load(out, f"layer{i}_weight")
            np.testing.assert_array_equal(w, np.stack([m[i][0] for m in members]))
        np.testing.assert_array_equal(self.load(out, "layer0_bias"), np.stack([m[0][1] for m in members]))
        self.assertEqual(self.load(out, "layer2_bias").shape, (3, 1))
        for name, value in data().items():
            np.testing.assert_array_equal(self.load(out, name), value)
        self.assertEqual(self.manifest(out), {"format": "bayesrg-ensemble", "format_version": 1, "kind": "mlp",
                                              "members": 3, "source": "a test"})
        self.assertEqual(self.config(out).splitlines()[1:], [
            "network:",
            "  hidden: [{width: 5, activation: tanh, bias: true}, {width: 4, activation: relu, bias: false}]",
            "  outputActivation: identity",
            "  outputBias: true",
            "ensemble:",
            "  members: 3",
        ])
        for file in out.glob("*.npy"):
            self.assertEqual(npy_header(file)[:3], ((1, 0), "<f8", False), file.name)

    def test_flax_kernels_give_the_network_of_the_pairs(self):
        # flax's params: kernels [in, out], layers named Dense_0 … Dense_10 (given in string order, so
        # Dense_10 comes before Dense_2: the export orders them by the number the names end in)
        rng = np.random.default_rng(3)
        widths = [2] + [3] * 10 + [1]
        pairs = [(rng.normal(size=(widths[i + 1], widths[i])), rng.normal(size=widths[i + 1])) for i in range(11)]
        names = sorted(f"Dense_{i}" for i in range(11))
        flax = {"params": {name: {"kernel": pairs[int(name[6:])][0].T, "bias": pairs[int(name[6:])][1]}
                           for name in names}}
        acts = ["relu", "tanh", "identity", "gelu", "cos", "erf", "relu", "tanh", "relu", "identity"]
        a = bayesrg.export_ensemble(self.tmp / "a", "mlp", [pairs, pairs], activations=acts, **data())
        b = bayesrg.export_ensemble(self.tmp / "b", "mlp", [flax, flax], activations=acts, **data())
        for i in range(11):
            np.testing.assert_array_equal(self.load(a, f"layer{i}_weight"), self.load(b, f"layer{i}_weight"))
        # the exported network computes what flax computes, x @ kernel + bias layer by layer
        x = data()["test_inputs"]
        h = x
        for i in range(11):
            h = h @ flax["params"][f"Dense_{i}"]["kernel"] + flax["params"][f"Dense_{i}"]["bias"]
            h = h if i == 10 else ACT[acts[i]](h)
        layers = [(self.load(b, f"layer{i}_weight")[1], self.load(b, f"layer{i}_bias")[1]) for i in range(11)]
        np.testing.assert_allclose(forward(layers, acts, "identity", x), h[:, 0], rtol=1e-12, atol=1e-12)

    def test_in_out_layout_transposes_pairs(self):
        members = mlp_members()
        kernels = [[(w.T, b) for w, b in m] for m in members]
        a = bayesrg.export_ensemble(self.tmp / "a", "mlp", members, activations="relu", **data())
        b = bayesrg.export_ensemble(self.tmp / "b", "mlp", kernels, activations="relu", layout="in_out", **data())
        for i in range(3):
            np.testing.assert_array_equal(self.load(a, f"layer{i}_weight"), self.load(b, f"layer{i}_weight"))

    def test_stacked_pytree_is_the_list_of_its_members(self):
        members = mlp_members(count=4)
        stacked = [(np.stack([m[i][0] for m in members]),
                    None if members[0][i][1] is None else np.stack([m[i][1] for m in members])) for i in range(3)]
        a = bayesrg.export_ensemble(self.tmp / "a", "mlp", members, activations="relu", **data())
        b = bayesrg.export_ensemble(self.tmp / "b", "mlp", stacked, stacked=True, activations="relu",
                                    initial=stacked, **data())
        for name in ("layer0_weight", "layer0_bias", "layer1_weight", "layer2_weight", "layer2_bias"):
            np.testing.assert_array_equal(self.load(a, name), self.load(b, name))
            np.testing.assert_array_equal(self.load(b, name + "_initial"), self.load(b, name))
        self.assertFalse((b / "layer1_bias_initial.npy").exists())
        self.assertEqual(self.manifest(b)["members"], 4)

    def test_read_out_vector_and_scalar_bias(self):
        rng = np.random.default_rng(0)
        members = [[(rng.normal(size=(6, 2)), None), (rng.normal(size=6), np.float64(0.5))] for _ in range(2)]
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", members, activations=["relu"], **data())
        self.assertEqual(self.load(out, "layer1_weight").shape, (2, 1, 6))
        np.testing.assert_array_equal(self.load(out, "layer1_bias"), [[0.5], [0.5]])

    def test_no_hidden_layer_needs_no_activations(self):
        rng = np.random.default_rng(0)
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", [[rng.normal(size=(1, 2))] for _ in range(2)],
                                      **data())
        self.assertIn("  hidden: []", self.config(out))

    def test_initial_parameters_and_extra_configuration(self):
        members, starts = mlp_members(seed=1), mlp_members(seed=2)
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", members, activations=["relu", "relu"], initial=starts,
                                      trainable="all", config={"network": {"init": {"std": 0.5}},
                                                               "brg": {"cutoffs": [1e-6, 0.5, 1e20]}},
                                      **data(probe=False))
        for i in range(3):
            np.testing.assert_array_equal(self.load(out, f"layer{i}_weight_initial"),
                                          np.stack([m[i][0] for m in starts]))
        self.assertTrue((out / "layer0_bias_initial.npy").exists())
        self.assertFalse((out / "layer1_bias_initial.npy").exists())
        self.assertFalse((out / "probe_input.npy").exists())
        text = self.config(out)
        self.assertIn("  trainable: all\n  init:\n    std: 0.5\n", text)
        self.assertIn("  cutoffs: [1.0e-06, 0.5, 1.0e+20]\n", text)


class ReadoutTest(TempDir):
    def arrays(self, count=3, width=7, bias=True, probe=True, seed=0):
        rng = np.random.default_rng(seed)
        sets = data(probe=probe)
        out = dict(sets,
                   features_train=rng.normal(size=(count, 20, width)),
                   features_test=rng.normal(size=(count, 15, width)),
                   features_fisher=rng.normal(size=(count, 10, width)),
                   readout_weight=rng.normal(size=(count, width)))
        if probe:
            out["features_probe"] = rng.normal(size=(count, width))
        if bias:
            out["readout_bias"] = rng.normal(size=count)
        return out

    def test_round_trip(self):
        arrays = self.arrays()
        start = np.zeros((3, 7))
        out = bayesrg.export_ensemble(self.tmp / "e", "readout", readout_weight_initial=start,
                                      readout_bias_initial=np.ones((3, 1)), **arrays)
        for name, value in arrays.items():
            np.testing.assert_array_equal(self.load(out, name), value)
        np.testing.assert_array_equal(self.load(out, "readout_weight_initial"), start)
        np.testing.assert_array_equal(self.load(out, "readout_bias_initial"), np.ones(3))
        self.assertEqual(self.manifest(out)["kind"], "readout")
        self.assertEqual(self.config(out).splitlines()[1:],
                         ["network:", "  outputBias: true", "ensemble:", "  members: 3"])

    def test_stacked_linear_weights_and_no_bias(self):
        arrays = self.arrays(bias=False, probe=False)
        weight = arrays.pop("readout_weight")
        out = bayesrg.export_ensemble(self.tmp / "e", "readout", readout_weight=weight[:, None, :], **arrays)
        np.testing.assert_array_equal(self.load(out, "readout_weight"), weight)
        self.assertIn("  outputBias: false", self.config(out))
        self.assertFalse((out / "readout_bias.npy").exists())


class OutputsTest(TempDir):
    def test_checkpoints_with_a_diverged_member(self):
        rng = np.random.default_rng(0)
        f = rng.normal(size=(4, 3, 5))
        f[2, 1:, :] = np.nan  # member 2 diverged after the first checkpoint
        f[3, 2, 0] = np.inf
        mesh = rng.normal(size=(5, 2))
        out = bayesrg.export_ensemble(self.tmp / "e", "outputs", outputs=f, mesh_inputs=mesh, epochs=[0, 10, 20])
        np.testing.assert_array_equal(self.load(out, "outputs"), f)  # NaN == NaN here
        np.testing.assert_array_equal(self.load(out, "mesh_inputs"), mesh)
        np.testing.assert_array_equal(self.load(out, "epochs"), [0.0, 10.0, 20.0])
        self.assertEqual(self.manifest(out)["kind"], "outputs")
        self.assertEqual(self.config(out).splitlines()[1:], ["ensemble:", "  members: 4"])

    def test_trained_outputs_only(self):
        f = np.arange(12.0).reshape(3, 4)
        out = bayesrg.export_ensemble(self.tmp / "e", "outputs", outputs=f.tolist(), mesh_inputs=np.ones((4, 1)))
        np.testing.assert_array_equal(self.load(out, "outputs"), f)
        self.assertEqual(sorted(p.name for p in out.iterdir()),
                         ["config.yaml", "ensemble.json", "mesh_inputs.npy", "outputs.npy"])


class Float32Test(TempDir):
    def test_every_array_in_float32(self):
        members = mlp_members()
        out = bayesrg.export_ensemble(self.tmp / "e", "mlp", members, activations="relu", dtype="float32", **data())
        for file in out.glob("*.npy"):
            self.assertEqual(npy_header(file)[1], "<f4", file.name)
        w = self.load(out, "layer1_weight")
        self.assertEqual(w.dtype, np.float32)
        np.testing.assert_array_equal(w, np.stack([m[1][0] for m in members]).astype(np.float32))
        out = bayesrg.export_ensemble(self.tmp / "o", "outputs", outputs=[[1.0, np.nan]], mesh_inputs=[[0.0], [1.0]],
                                      dtype=np.float32)
        self.assertEqual(npy_header(out / "outputs.npy")[1], "<f4")

    def test_values_beyond_float32_are_refused(self):
        with self.assertRaisesRegex(ValueError, r"outputs\[\[0, 1\]\] = 1e\+39 does not fit in float32"):
            bayesrg.export_ensemble(self.tmp / "e", "outputs", outputs=[[1.0, 1e39]], mesh_inputs=[[0.0], [1.0]],
                                    dtype="float32")
        with self.assertRaisesRegex(ValueError, r"epochs .* not exact in float32"):
            bayesrg.export_ensemble(self.tmp / "e", "outputs", outputs=np.zeros((1, 2, 1)), mesh_inputs=[[0.0]],
                                    epochs=[0, 2 ** 24 + 1], dtype="float32")
        with self.assertRaisesRegex(ValueError, "dtype must be float64 or float32, got 'float16'"):
            bayesrg.export_ensemble(self.tmp / "e", "outputs", outputs=[[1.0]], mesh_inputs=[[0.0]], dtype="float16")
        self.assertEqual(list(self.tmp.iterdir()), [])


class ValidationTest(TempDir):
    def refused(self, pattern, *args, **kwargs):
        with self.assertRaisesRegex(ValueError, pattern):
            bayesrg.export_ensemble(self.tmp / "e", *args, **kwargs)
        self.assertEqual(list(self.tmp.iterdir()), [], "a refused export leaves nothing")

    def with_data(self, **changes):
        sets = data()
        sets.update(changes)
        return sets

    def test_data(self):
        sets = data()
        m = mlp_members()
        self.refused(r"train_targets has n = 19 \(dimension 0 of shape \[19\]\), but the number of rows of "
                     r"train_inputs is 20", "mlp", m, activations="relu",
                     **self.with_data(train_targets=sets["train_targets"][:19]))
        self.refused(r"test_inputs has d = 3 \(dimension 1", "mlp", m, activations="relu",
                     **self.with_data(test_inputs=np.ones((15, 3))))
        self.refused(r"train_inputs must have 2 dimensions \[n, d\], got shape \[20\]", "mlp", m, activations="relu",
                     **self.with_data(train_inputs=np.ones(20)))
        self.refused(r"probe_input has d = 3", "mlp", m, activations="relu", **self.with_data(probe_input=[1, 2, 3]))
        bad = sets["fisher_inputs"].copy()
        bad[3, 1] = np.nan
        self.refused(r"fisher_inputs has the non-finite value nan at index \[3, 1\]", "mlp", m, activations="relu",
                     **self.with_data(fisher_inputs=bad))
        self.refused(r"test_targets is required", "mlp", m, activations="relu", **self.with_data(test_targets=None))
        self.refused(r"kind 'outputs' takes no train_inputs \(the data arrays are for kinds mlp and readout\)",
                     "outputs", outputs=[[1.0]], mesh_inputs=[[0.0, 0.0]], train_inputs=sets["train_inputs"])
        self.refused(r"kind 'readout' takes no activations", "readout", activations="relu", **sets)
        self.refused(r"kind must be one of mlp, readout, outputs, got 'mlps'", "mlps", m)
        # targets [n, 1] are accepted
        out = bayesrg.export_ensemble(self.tmp / "ok", "mlp", m, activations="relu",
                                      **self.with_data(train_targets=sets["train_targets"][:, None]))
        self.assertEqual(self.load(out, "train_targets").shape, (20,))

    def test_mlp(self):
        m = mlp_members()
        wrong = [list(x) for x in m]
        wrong[2][1] = (np.ones((4, 6)), None)
        self.refused(r"members\[2\], layer 1: weight has shape \[4, 6\] \(\[out, in\]\), members\[0\]'s has \[4, 5\]",
                     "mlp", wrong, activations="relu", **data())
        wrong = [list(x) for x in m]
        wrong[1][1] = (m[1][1][0], np.zeros(4))
        self.refused(r"members\[1\], layer 1 has bias, members\[0\]'s has none", "mlp", wrong, activations="relu",
                     **data())
        nan = [list(x) for x in m]
        nan[1][1] = (m[1][1][0].copy(), None)
        nan[1][1][0][2, 3] = np.inf
        self.refused(r"layer1_weight has the non-finite value inf at index \[1, 2, 3\]", "mlp", nan,
                     activations="relu", **data())
        self.refused(r"layer 0 \(hidden layer 0\): weight has in = 2 .* but the input dimension d of the data is 3",
                     "mlp", m, activations="relu", **data(d=3))
        rng = np.random.default_rng(0)
        square = [[(rng.normal(size=(2, 4)), None), (rng.normal(size=(4, 1)), None)]]  # kernels, no layout
        self.refused(r"layer 0 .*in = 4 .*pass layout='in_out'", "mlp", square, activations="relu", **data())
        two = [[(rng.normal(size=(4, 2)), None), (rng.normal(size=(2, 4)), None)]]
        self.refused(r"layer 1 \(the read-out\) has 2 outputs; bayesrg's networks have one", "mlp", two,
                     activations="relu", **data())
        self.refused(r"activations= is needed: .*members are parameter pytrees.* \(2\)", "mlp", m, **data())
        self.refused(r"activations has 1 entries, the network has 2 hidden layers", "mlp", m, activations=["relu"],
                     **data())
        self.refused(r"activations\[1\]: activation 'sigmoid' is not one of bayesrg's", "mlp", m,
                     activations=["relu", "sigmoid"], **data())
        self.refused(r"layout must be 'out_in'", "mlp", m, activations="relu", layout="row-major", **data())
        self.refused(r"initial has 2 members, members has 3", "mlp", m, activations="relu", initial=m[:2], **data())
        self.refused(r"members must be a non-empty list", "mlp", [], activations="relu", **data())
        self.refused(r"kind 'mlp' needs members", "mlp", **data())
        self.refused(r"trainable must be 'last' or 'all'", "mlp", m, activations="relu", trainable="readout",
                     **data())
        self.refused(r"config must not set data", "mlp", m, activations="relu", config={"data": {"train": 3}},
                     **data())
        self.refused(r"config sets network.outputBias = False, but the arrays say True", "mlp", m,
                     activations="relu", config={"network": {"outputBias": False}}, **data())
        self.refused(r"cannot be written as YAML", "mlp", m, activations="relu", config={"brg": {"x": object()}},
                     **data())
        self.refused(r"members\[0\], layer 0 weight must be a matrix, got shape \[3, 4, 2\] \(a leading member axis\? "
                     r"then pass stacked=True\)", "mlp", [(np.ones((3, 4, 2)), np.ones((3, 4))), (np.ones((3, 1, 4)), np.ones((3, 1)))],
                     activations="relu", **data())  # a stacked pytree passed without stacked=True
        self.refused(r"with stacked=True every leaf has the same leading member axis, got sizes \[2, 3\]", "mlp",
                     [(np.ones((3, 4, 2)), None), (np.ones((2, 1, 4)), None)], stacked=True, activations="relu",
                     **data())

    def test_readout(self):
        base = ReadoutTest.arrays(None)
        self.refused(r"features_test has N = 6 \(dimension 2 of shape \[3, 15, 6\]\), but the feature width N of "
                     r"readout_weight is 7", "readout",
                     **dict(base, features_test=base["features_test"][:, :, :6]))
        self.refused(r"features_train has M = 2 \(dimension 0", "readout",
                     **dict(base, features_train=base["features_train"][:2]))
        self.refused(r"features_fisher has n_F = 9 \(dimension 1 of shape \[3, 9, 7\]\), but the number of rows of "
                     r"fisher_inputs is 10", "readout", **dict(base, features_fisher=base["features_fisher"][:, :9]))
        self.refused(r"features_probe is given exactly when probe_input is: probe_input without features_probe",
                     "readout", **{k: v for k, v in base.items() if k != "features_probe"})
        self.refused(r"readout_bias_initial is given exactly when readout_weight_initial and readout_bias are",
                     "readout", readout_weight_initial=base["readout_weight"], **base)
        self.refused(r"readout_bias has M = 2", "readout", **dict(base, readout_bias=np.ones(2)))
        self.refused(r"kind 'readout' needs features_fisher", "readout",
                     **{k: v for k, v in base.items() if k != "features_fisher"})

    def test_outputs(self):
        f = np.zeros((2, 3, 4))
        mesh = np.zeros((4, 2))
        self.refused(r"outputs has P = 4 \(dimension 2 of shape \[2, 3, 4\]\), but the number of mesh points P of "
                     r"mesh_inputs is 5", "outputs", outputs=f, mesh_inputs=np.zeros((5, 2)))
        self.refused(r"epochs must increase", "outputs", outputs=f, mesh_inputs=mesh, epochs=[0, 5, 5])
        self.refused(r"epochs must be whole numbers", "outputs", outputs=f, mesh_inputs=mesh, epochs=[0, 5.5, 6])
        self.refused(r"epochs has C = 2", "outputs", outputs=f, mesh_inputs=mesh, epochs=[0, 5])
        self.refused(r"they need outputs \[M, C, P\]", "outputs", outputs=f[:, 0], mesh_inputs=mesh, epochs=[0])
        self.refused(r"mesh_inputs must have 2 dimensions \[P, d\]", "outputs", outputs=f, mesh_inputs=np.zeros(4))
        self.refused(r"outputs must have 2 dimensions \[M, P\] or 3", "outputs", outputs=np.zeros(4),
                     mesh_inputs=mesh)
        self.refused(r"mesh_inputs has the non-finite value nan", "outputs", outputs=f,
                     mesh_inputs=np.full((4, 2), np.nan))
        self.refused(r"outputs must hold real numbers", "outputs", outputs=[["a"]], mesh_inputs=[[0.0]])


class AtomicTest(TempDir):
    def test_a_failure_while_writing_leaves_nothing(self):
        calls = []
        real = np.save

        def failing(*args, **kwargs):
            calls.append(args[0])
            if len(calls) == 3:
                raise OSError("disk full")
            return real(*args, **kwargs)

        with mock.patch.object(_export.np, "save", failing):
            with self.assertRaisesRegex(OSError, "disk full"):
                bayesrg.export_ensemble(self.tmp / "e", "mlp", mlp_members(), activations="relu", **data())
        self.assertEqual(len(calls), 3)
        self.assertEqual(list(self.tmp.iterdir()), [])

    def test_an_existing_directory(self):
        target = self.tmp / "e"
        target.mkdir()
        (target / "mine.txt").write_text("keep")
        with self.assertRaisesRegex(FileExistsError, "exists and is not empty"):
            bayesrg.export_ensemble(target, "outputs", outputs=[[1.0]], mesh_inputs=[[0.0]])
        self.assertEqual([p.name for p in target.iterdir()], ["mine.txt"])
        bayesrg.export_ensemble(target, "outputs", outputs=[[1.0]], mesh_inputs=[[0.0]], overwrite=True)
        self.assertFalse((target / "mine.txt").exists())
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["e"], "no temporary directory left")
        empty = self.tmp / "empty"
        empty.mkdir()
        bayesrg.export_ensemble(empty, "outputs", outputs=[[1.0]], mesh_inputs=[[0.0]])
        self.assertTrue((empty / "outputs.npy").exists())
        (self.tmp / "file").write_text("")
        with self.assertRaisesRegex(FileExistsError, "is not a directory"):
            bayesrg.export_ensemble(self.tmp / "file", "outputs", outputs=[[1.0]], mesh_inputs=[[0.0]],
                                    overwrite=True)

    def test_the_directory_follows_the_umask(self):
        old = os.umask(0o022)
        try:
            out = bayesrg.export_ensemble(self.tmp / "a" / "b", "outputs", outputs=[[1.0]], mesh_inputs=[[0.0]])
        finally:
            os.umask(old)
        self.assertEqual(out.stat().st_mode & 0o777, 0o755)


class DocumentedExampleTest(TempDir):
    def test_the_docstring_example_runs(self):
        doc = bayesrg.export_ensemble.__doc__
        start = doc.rindex("\n", 0, doc.index("import numpy as np, bayesrg")) + 1
        code = doc[start:doc.index("# then: ./bayesrg import")]
        cwd = os.getcwd()
        os.chdir(self.tmp)
        try:
            exec(compile(textwrap.dedent(code), "export_ensemble.__doc__", "exec"), {})
        finally:
            os.chdir(cwd)
        self.assertEqual(self.manifest(self.tmp / "ens")["members"], 16)
        self.assertEqual(self.load(self.tmp / "ens", "layer0_weight").shape, (16, 64, 2))


class YamlTest(unittest.TestCase):
    def test_scalars(self):
        self.assertEqual(_yaml.scalar(1e-6), "1.0e-06")
        self.assertEqual(_yaml.scalar(1.5e-7), "1.5e-07")
        self.assertEqual(_yaml.scalar(1e20), "1.0e+20")
        self.assertEqual(_yaml.scalar(0.5), "0.5")
        self.assertEqual(_yaml.scalar(np.float32(0.5)), "0.5")
        self.assertEqual(_yaml.scalar(3), "3")
        self.assertEqual(_yaml.scalar(np.int64(3)), "3")
        self.assertEqual(_yaml.scalar(True), "true")
        self.assertEqual(_yaml.scalar(np.bool_(False)), "false")
        self.assertEqual(_yaml.scalar(None), "null")
        self.assertEqual(_yaml.scalar("relu"), "relu")
        self.assertEqual(_yaml.scalar("resample-prior"), "resample-prior")
        for reserved in ("yes", "No", "null", "true", "on", "~"):
            self.assertEqual(_yaml.scalar(reserved), f'"{reserved}"')
        self.assertEqual(_yaml.scalar("a: b"), '"a: b"')
        self.assertEqual(_yaml.scalar([[1.0, 0.0], [0.0, 1.0]]), "[[1.0, 0.0], [0.0, 1.0]]")
        with self.assertRaisesRegex(ValueError, "not a finite number"):
            _yaml.scalar(float("nan"))

    @unittest.skipUnless(yaml, "PyYAML is not installed (it only double-checks the YAML writer)")
    def test_a_second_parser_reads_what_was_meant(self):
        tree = {"network": {"hidden": [{"width": 10, "activation": "identity", "bias": False}],
                            "init": {"scheme": "normal", "std": 1e-3, "mean": -0.0}},
                "brg": {"cutoffs": [1e-4, 5e-3, 1.0, 1e5], "sloppyVariance": None, "mode": "zero"},
                "odd key": {"yes": "no", "x": "a, b", "q": 'say "hi"'}}
        self.assertEqual(yaml.safe_load(_yaml.dump(tree)), tree)


if __name__ == "__main__":
    unittest.main()
