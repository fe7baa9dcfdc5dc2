"""load_run on a small run directory written here file by file (docs/run-directory.md)."""

from __future__ import annotations

import json
import unittest
from pathlib import Path

import numpy as np

from support import TempDir

import bayesrg

MEMBERS, K, T, MESH = 3, 2, 4, 2


def write_run(path: Path, incomplete: str | None = None):
    """A run of 3 members, 2 cutoffs, 4 test points, a mesh of 2; member 1 diverged."""
    rng = np.random.default_rng(7)
    path.mkdir()
    arrays = {
        "predictions": rng.normal(size=(MEMBERS, K + 1, T)),
        "fisher": rng.random(size=(MEMBERS, 5)),
        "cutoffs": np.tile([1e-4, 0.5], (MEMBERS, 1)),
        "readout": rng.normal(size=(MEMBERS, 5)),
        "loss_curves": np.array([[3.0, 2.0], [4.0, np.nan], [5.0, 1.0]]),
        "test_inputs": rng.normal(size=(T, 2)),
        "test_targets": rng.normal(size=T),
        "mesh_inputs": rng.normal(size=(MESH, 2)),
        "mesh_outputs": rng.normal(size=(MEMBERS, K + 1, MESH)),
        "fisher_spectrum": np.full((MEMBERS, 3), np.nan),
    }
    for name, array in arrays.items():
        np.save(path / f"{name}.npy", array)
    data = path.parent / (path.name + "-data")  # an imported run's data sets stay in the ensemble directory
    data.mkdir()
    np.save(data / "train_inputs.npy", np.ones((6, 2)))
    summary = {"format_version": 3, "version": "0.1.0",
               "config": {"ensemble": {"members": MEMBERS}, "data": {"source": "npy", "directory": str(data)}},
               "members": MEMBERS, "members_diverged": 1, "cutoffs": [1e-4, 0.5], "critical_cutoff": None,
               "flow": [{"entry": 0, "cutoff": None}]}
    (path / "summary.json").write_text(json.dumps(summary))
    (path / "manifest.json").write_text(json.dumps({"command_line": ["run"], "files": {}}))
    (path / "flow.csv").write_text(
        "entry,cutoff,sloppy_fraction,test_mse_mean,test_mse_median,test_mse_q25,test_mse_q75,probe_mean,"
        "probe_variance,probe_excess_kurtosis,members_used\n"
        "0,,0.0,1.5,1.25,1.0,2.0,0.5,3.0,nan,2\n"
        "1,1.0E-4,0.2,1.5,1.25,1.0,2.0,0.5,3.0,-inf,2\n"
        "2,0.5,1.0,2.5,2.25,2.0,3.0,0.5,inf,1.5E-7,2\n")
    lines = ["member,entry,cutoff,test_mse,probe_output,coarse_grained,diverged,train_loss"]
    for m in range(MEMBERS):
        for k, cutoff in enumerate(["", "1.0E-4", "0.5"]):
            lines.append(f"{m},{k},{cutoff},{m + k / 10},{-m},{k * 2},{'true' if m == 1 else 'false'},1e6")
    (path / "members.csv").write_text("\n".join(lines) + "\n")
    nnft = path / "nnft"
    nnft.mkdir()
    (nnft / "snapshots.json").write_text(json.dumps({"mesh_points": MESH, "entries": [{"entry": 0}]}))
    np.save(nnft / "kernels.npy", np.zeros((K + 1, MESH, MESH)))
    np.save(nnft / "mesh.npy", arrays["mesh_inputs"])
    if incomplete is not None:
        (path / "INCOMPLETE").write_text(incomplete)
    return arrays


class LoadRunTest(TempDir):
    def test_every_file(self):
        arrays = write_run(self.tmp / "run")
        run = bayesrg.load_run(self.tmp / "run")
        for name, array in arrays.items():
            np.testing.assert_array_equal(getattr(run, name), array)
            np.testing.assert_array_equal(run.arrays[name], array)
        self.assertEqual(sorted(run.arrays), sorted(arrays))
        self.assertEqual(run.summary["members_diverged"], 1)
        self.assertIsNone(run.summary["critical_cutoff"])
        self.assertEqual(run.config["ensemble"], {"members": 3})
        self.assertEqual(run.manifest["command_line"], ["run"])
        self.assertEqual(run.member_count, 3)
        self.assertFalse(run.incomplete)

        flow = run.flow
        self.assertEqual(flow["entry"].dtype, np.int64)
        np.testing.assert_array_equal(flow["entry"], [0, 1, 2])
        self.assertEqual(flow["cutoff"].dtype, np.float64)
        self.assertTrue(np.isnan(flow["cutoff"][0]))
        np.testing.assert_array_equal(flow["cutoff"][1:], [1e-4, 0.5])
        self.assertTrue(np.isnan(flow["probe_excess_kurtosis"][0]))
        np.testing.assert_array_equal(flow["probe_excess_kurtosis"][1:], [-np.inf, 1.5e-7])
        self.assertEqual(flow["probe_variance"][2], np.inf)
        np.testing.assert_array_equal(flow["test_mse_median"], [1.25, 1.25, 2.25])

        members = run.members
        self.assertEqual(members["diverged"].dtype, bool)
        self.assertEqual(len(members["member"]), MEMBERS * (K + 1))
        np.testing.assert_array_equal(members["coarse_grained"], [0, 2, 4] * MEMBERS)
        np.testing.assert_array_equal(members["train_loss"], np.full(9, 1e6))
        np.testing.assert_array_equal(run.diverged, [False, True, False])
        np.testing.assert_array_equal(run.kept, [True, False, True])
        # the convenience the mask is for: statistics over the kept members
        self.assertEqual(run.predictions[run.kept].shape, (2, K + 1, T))

        self.assertEqual(run.nnft.snapshots["mesh_points"], MESH)
        self.assertEqual(run.nnft.kernels.shape, (K + 1, MESH, MESH))
        np.testing.assert_array_equal(run.nnft.mesh, arrays["mesh_inputs"])
        self.assertIsNone(run.nnft.training_kernels)
        np.testing.assert_array_equal(run.data["train_inputs"], np.ones((6, 2)))

        for absent in ("training_flow", "training_fisher_rank", "mesh_training", "fisher_geometry",
                       "fisher_geometry_table", "training_flow_table", "nngp"):
            self.assertIsNone(getattr(run, absent), absent)
        self.assertIn("predictions[3, 3, 4]", repr(run))

    def test_memory_mapped(self):
        arrays = write_run(self.tmp / "run")
        run = bayesrg.load_run(self.tmp / "run", mmap=True)
        self.assertIsInstance(run.predictions, np.memmap)
        np.testing.assert_array_equal(run.predictions, arrays["predictions"])

    def test_an_incomplete_run_is_refused_unless_asked(self):
        write_run(self.tmp / "run", incomplete="the run has not finished")
        with self.assertRaisesRegex(bayesrg.IncompleteRunError,
                                    r"incomplete run \(it holds the INCOMPLETE marker: the run has not finished\); "
                                    r"finish it with `bayesrg run --resume .*allow_incomplete=True"):
            bayesrg.load_run(self.tmp / "run")
        run = bayesrg.load_run(self.tmp / "run", allow_incomplete=True)
        self.assertTrue(run.incomplete)
        self.assertEqual(run.incomplete_note, "the run has not finished")
        self.assertEqual(run.predictions.shape, (MEMBERS, K + 1, T))
        # an incomplete directory may lack even the summary
        (self.tmp / "run" / "summary.json").unlink()
        self.assertIsNone(bayesrg.load_run(self.tmp / "run", allow_incomplete=True).summary)

    def test_not_a_run(self):
        with self.assertRaisesRegex(FileNotFoundError, "no such run directory"):
            bayesrg.load_run(self.tmp / "missing")
        (self.tmp / "empty").mkdir()
        with self.assertRaisesRegex(FileNotFoundError, "not a run directory: it has no summary.json"):
            bayesrg.load_run(self.tmp / "empty")

    def test_tables(self):
        file = self.tmp / "t.csv"
        file.write_text("a,b,c,d\n1,x,true,\n2,y,false,3\n")
        table = bayesrg.read_table(file)
        np.testing.assert_array_equal(table["a"], [1, 2])
        self.assertEqual(table["b"].tolist(), ["x", "y"])
        np.testing.assert_array_equal(table["c"], [True, False])
        self.assertTrue(np.isnan(table["d"][0]))
        self.assertEqual(table["d"][1], 3.0)
        file.write_text("a,b\n1,2,3\n")
        with self.assertRaisesRegex(ValueError, "line 2: 3 cells, the header has 2"):
            bayesrg.read_table(file)
        file.write_text("a,b\n")
        self.assertEqual({k: v.shape for k, v in bayesrg.read_table(file).items()}, {"a": (0,), "b": (0,)})


if __name__ == "__main__":
    unittest.main()
