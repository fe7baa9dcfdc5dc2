"""Against the Java command line (skipped without the jar, bayesrg-cli/target/bayesrg.jar or
$BAYESRG_JAR): load_run on real runs, the exported config.yaml read by bayesrg's own loader, and —
once the jar has the `import` command — the whole path export -> import -> load_run."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import re
import shutil
import tempfile
import warnings
import unittest
from pathlib import Path

import numpy as np

from support import REPO, TempDir, bayesrg_cli, data, forward, jar

import bayesrg

try:
    import yaml
except ImportError:
    yaml = None

JAR = jar()


def has_import():
    return JAR is not None and bayesrg_cli("help", "import", check=False).returncode == 0


@unittest.skipUnless(JAR, "no bayesrg jar (build it with ./bayesrg --version, or set BAYESRG_JAR)")
class RealRunTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.mkdtemp()
        cls.dir = Path(cls._tmp) / "run"
        # a learning rate at which some of the 6 members diverge, with training checkpoints, the flow
        # during training and the Fisher geometry, so that every optional file is there
        bayesrg_cli("run", "--members", 6, "--width", 64, "--epochs", 10, "--no-report", "--quiet",
                    "--set", "train.learningRate=1.5e-4", "--set", "nnft.snapshotEvery=5",
                    "--set", "brg.duringTraining=true", "--set", "fisher.geometryMembers=2",
                    "--set", "nnft.points=4", "--out", cls.dir)
        cls.loaded = bayesrg.load_run(cls.dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls._tmp, ignore_errors=True)

    def test_shapes(self):
        run = self.loaded
        members, cutoffs = run.member_count, len(run.summary["cutoffs"])
        self.assertEqual(members, 6)
        t = run.test_targets.shape[0]
        self.assertEqual(run.predictions.shape, (members, cutoffs + 1, t))
        self.assertEqual(run.test_inputs.shape, (t, 2))
        self.assertEqual(run.cutoffs.shape, (members, cutoffs))
        self.assertEqual(run.mesh_outputs.shape, (members, cutoffs + 1, 4))
        self.assertEqual(run.mesh_training.shape, (members, 3, 4))  # epochs 0, 5, 10
        self.assertEqual(run.training_flow.shape, (members, 3, cutoffs + 1))
        self.assertEqual(run.fisher_geometry.shape, (members, cutoffs, 6))
        self.assertEqual(len(run.flow["entry"]), cutoffs + 1)
        self.assertEqual(len(run.members["member"]), members * (cutoffs + 1))
        self.assertEqual(len(run.training_flow_table["epoch"]), 3)
        np.testing.assert_array_equal(run.training_flow_table["epoch"], [0, 5, 10])
        self.assertEqual(len(run.fisher_geometry_table["cutoff"]), cutoffs)
        self.assertEqual(run.nnft.kernels.shape, (cutoffs + 1, 4, 4))
        self.assertEqual(run.nnft.training_kernels.shape, (3, 4, 4))
        self.assertTrue(np.isnan(run.flow["cutoff"][0]))
        np.testing.assert_array_equal(run.flow["cutoff"][1:], run.summary["cutoffs"])
        self.assertEqual(int(run.diverged.sum()), run.summary["members_diverged"])

    def test_the_tables_are_the_arrays_statistics(self):
        # recompute members.csv and flow.csv from predictions.npy and test_targets.npy
        run = self.loaded
        members, entries = run.predictions.shape[:2]
        with np.errstate(over="ignore", invalid="ignore"):
            mse = np.mean((run.predictions - run.test_targets) ** 2, axis=2)  # [members, entries]
        table = run.members
        self.assertEqual(table["member"].tolist(), np.repeat(np.arange(members), entries).tolist())
        kept = run.kept
        np.testing.assert_allclose(table["test_mse"].reshape(members, entries)[kept], mse[kept], rtol=1e-12)
        np.testing.assert_allclose(run.flow["test_mse_median"], np.median(mse[kept], axis=0), rtol=1e-12)
        np.testing.assert_array_equal(run.flow["members_used"], np.full(entries, kept.sum()))
        probe = table["probe_output"].reshape(members, entries)[kept]
        np.testing.assert_allclose(run.flow["probe_mean"], probe.mean(axis=0), rtol=1e-12, atol=1e-12)
        # the field theory's kernel at the trained entry: the plug-in covariance of the mesh outputs
        f = run.mesh_outputs[kept, 0, :]
        centred = f - f.mean(axis=0)
        np.testing.assert_allclose(run.nnft.kernels[0], centred.T @ centred / len(f), rtol=1e-10, atol=1e-9)
        np.testing.assert_allclose(run.nnft.snapshots["entries"][0]["kernel"], run.nnft.kernels[0], rtol=1e-15)

    def test_the_snippets_of_docs_run_directory(self):
        # both "Reading a run" blocks of docs/run-directory.md, on this run
        doc = (REPO / "docs" / "run-directory.md").read_text(encoding="utf-8")
        blocks = re.findall(r"```python\n(.*?)```", doc[doc.index("## Reading a run"):], re.S)
        self.assertEqual(len(blocks), 2)
        cwd = os.getcwd()
        os.chdir(REPO)
        try:
            for block in blocks:
                code = re.sub(r'^run = .*$', f"run = {str(self.dir)!r}", block, flags=re.M)
                if "run = " not in block:
                    code = f"run = {str(self.dir)!r}\n" + code
                # the first block opens files without closing them, for brevity
                with contextlib.redirect_stdout(io.StringIO()) as out, warnings.catch_warnings():
                    warnings.simplefilter("ignore", ResourceWarning)
                    exec(compile(code, "docs/run-directory.md", "exec"), {})
                    gc.collect()  # the unclosed files' warnings, while they are ignored
                self.assertTrue(out.getvalue().strip())
        finally:
            os.chdir(cwd)

    def test_exported_configuration_is_read_by_bayesrg(self):
        rng = np.random.default_rng(0)
        members = [[(rng.normal(size=(6, 2)), rng.normal(size=6)), (rng.normal(size=(5, 6)), None),
                    (rng.normal(size=(1, 5)), rng.normal(size=1))] for _ in range(3)]
        with tempfile.TemporaryDirectory() as tmp:
            out = bayesrg.export_ensemble(Path(tmp) / "e", "mlp", members, activations=["tanh", "gelu"],
                                          trainable="all", config={"network": {"init": {"std": 2.5e-3}},
                                                                   "brg": {"cutoffs": [1e-6, 0.5, 1e5]}},
                                          **data())
            printed = bayesrg_cli("run", "--config", out / "config.yaml", "--print-config").stdout
        if yaml is None:
            self.assertIn("activation: gelu", printed)
            return
        config = yaml.safe_load(printed)
        self.assertEqual(config["network"]["hidden"], [{"width": 6, "activation": "tanh", "bias": True},
                                                       {"width": 5, "activation": "gelu", "bias": False}])
        self.assertIs(config["network"]["outputBias"], True)
        self.assertEqual(config["network"]["trainable"], "all")
        self.assertEqual(config["network"]["init"]["std"], 2.5e-3)
        # (1e5 rather than 1e20: Java prints 1e20 as 1.0E20, which YAML 1.1 readers such as PyYAML take
        # for a string; bayesrg reads it back as a number)
        self.assertEqual(config["brg"]["cutoffs"], [1e-6, 0.5, 1e5])
        self.assertEqual(config["ensemble"]["members"], 3)


@unittest.skipUnless(has_import(), "the bayesrg jar has no `import` command yet")
class ImportTest(TempDir):
    """export_ensemble -> bayesrg import -> load_run: the run holds the exported ensemble."""

    def imported(self, *args, **kwargs):
        ens = bayesrg.export_ensemble(self.tmp / "ens", *args, source="bayesrg python tests", **kwargs)
        bayesrg_cli("import", ens, "--out", self.tmp / "run")
        run = bayesrg.load_run(self.tmp / "run")
        self.assertIn("bayesrg python tests", json.dumps(run.manifest))
        return run

    def test_mlp(self):
        rng = np.random.default_rng(5)
        members = [[(rng.normal(size=(6, 2)), rng.normal(size=6)), (rng.normal(size=(5, 6)), None),
                    (0.1 * rng.normal(size=(1, 5)), rng.normal(size=1))] for _ in range(4)]
        sets = data()
        run = self.imported("mlp", members, activations=["tanh", "relu"], **sets)
        self.assertEqual(run.member_count, 4)
        np.testing.assert_array_equal(run.test_inputs, sets["test_inputs"])
        np.testing.assert_array_equal(run.test_targets, sets["test_targets"])
        # the run reads its data from the ensemble directory itself (data.source npy)
        self.assertEqual(run.config["data"]["source"], "npy")
        self.assertEqual(run.config["data"]["directory"], str((self.tmp / "ens").resolve()))
        self.assertEqual(run.config["data"]["probe"], list(sets["probe_input"]))
        self.assertEqual(run.manifest["imported"]["kind"], "mlp")
        for name in ("train_inputs", "train_targets", "fisher_inputs", "probe_input"):
            np.testing.assert_array_equal(run.data[name], sets[name], name)
        for m, layers in enumerate(members):
            f = forward(layers, ["tanh", "relu"], "identity", sets["test_inputs"])
            np.testing.assert_allclose(run.predictions[m, 0], f, rtol=1e-12, atol=1e-12)
        self.assertEqual(run.config["network"]["hidden"][0], {"width": 6, "activation": "tanh", "bias": True})

    def test_readout(self):
        rng = np.random.default_rng(6)
        sets = data()
        a, b = rng.normal(size=(3, 7)), rng.normal(size=3)
        phi_test = rng.normal(size=(3, 15, 7))
        run = self.imported("readout", features_train=rng.normal(size=(3, 20, 7)), features_test=phi_test,
                            features_fisher=rng.normal(size=(3, 10, 7)), features_probe=rng.normal(size=(3, 7)),
                            readout_weight=a, readout_bias=b, **sets)
        np.testing.assert_allclose(run.predictions[:, 0], np.einsum("mtn,mn->mt", phi_test, a) + b[:, None],
                                   rtol=1e-12, atol=1e-12)
        self.assertEqual(run.readout.shape, (3, 8))
        np.testing.assert_array_equal(run.readout[:, :7], a)
        np.testing.assert_array_equal(run.readout[:, 7], b)

    def test_outputs(self):
        rng = np.random.default_rng(7)
        f = rng.normal(size=(5, 3, 4))
        mesh = rng.normal(size=(4, 2))
        run = self.imported("outputs", outputs=f, mesh_inputs=mesh, epochs=[0, 5, 10])
        self.assertEqual(run.member_count, 5)
        np.testing.assert_array_equal(run.mesh_inputs, mesh)
        np.testing.assert_array_equal(run.mesh_outputs[:, 0, :], f[:, -1, :])
        centred = f[:, -1, :] - f[:, -1, :].mean(axis=0)
        np.testing.assert_allclose(run.nnft.kernels[0], centred.T @ centred / 5, rtol=1e-10, atol=1e-12)


if __name__ == "__main__":
    unittest.main()
