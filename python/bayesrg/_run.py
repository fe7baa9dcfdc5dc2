"""load_run: a bayesrg run directory (docs/run-directory.md) as NumPy arrays and dicts."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import numpy as np

INCOMPLETE = "INCOMPLETE"

# the run's arrays by file name (docs/run-directory.md); each becomes an attribute, None when absent
ARRAYS = ("predictions", "fisher", "cutoffs", "fisher_spectrum", "fisher_geometry", "training_flow",
          "training_fisher_rank", "readout", "loss_curves", "test_inputs", "test_targets", "mesh_inputs",
          "mesh_outputs", "mesh_training")
NNFT_ARRAYS = ("kernels", "mesh", "training_kernels", "kl_cutoff_vs_epoch")
NNGP_ARRAYS = ("gp_mean", "gp_kernel", "mesh")

_INTEGER = re.compile(r"^[+-]?\d+$")


class IncompleteRunError(ValueError):
    """The directory holds an ``INCOMPLETE`` marker: the run has not finished."""


class Section:
    """A group of a run's files (``nnft/``, ``nngp/``): attributes, None where a file is absent."""

    def __init__(self, **items):
        self.__dict__.update(items)

    def __repr__(self):
        present = ", ".join(k for k, v in self.__dict__.items() if v is not None and k != "path")
        return f"{type(self).__name__}({present})"


class Run:
    """A run directory read into memory (see :func:`load_run`).

    Attributes:
        path: the directory.
        incomplete: whether it holds an ``INCOMPLETE`` marker (only with ``allow_incomplete``), and
            ``incomplete_note`` the marker's text.
        summary, manifest: ``summary.json`` and ``manifest.json`` as dicts (JSON nulls stay None).
        flow, members, fisher_geometry_table, training_flow_table: ``flow.csv``, ``members.csv``,
            ``fisher_geometry.csv`` and ``training_flow.csv`` as dicts of column name -> 1-D array:
            whole-number columns int64, ``true``/``false`` columns bool, other numbers float64 (an
            empty cell, such as entry 0's cutoff, is NaN).
        predictions, fisher, cutoffs, fisher_spectrum, fisher_geometry, training_flow,
        training_fisher_rank, readout, loss_curves, test_inputs, test_targets, mesh_inputs,
        mesh_outputs, mesh_training: the arrays of the same names (``.npy``), shapes as in
            docs/run-directory.md.
        arrays: every ``.npy`` file of the directory by name (the ones above and any other).
        data: for a run whose configuration reads its data from a directory of arrays (``data.source:
            npy``, e.g. a run of ``bayesrg import``): those arrays by name (train_inputs, train_targets,
            test_inputs, test_targets, fisher_inputs, probe_input; the .npy files of that directory),
            or None.
        nnft: ``nnft/`` (``snapshots`` dict, ``kernels``, ``mesh``, ``training_kernels``,
            ``kl_cutoff_vs_epoch``), or None.
        nngp: ``nngp/`` (``corroboration`` table, ``corroboration_json``, ``gp_mean``, ``gp_kernel``,
            ``mesh``), or None.
        diverged: bool [members]: which members diverged (from ``members.csv``, in the order of the
            per-member arrays' rows); ``kept`` is its negation, the members the statistics use.
    """

    def __init__(self, path: Path):
        self.path = path
        self.incomplete = False
        self.incomplete_note = None
        self.summary = None
        self.manifest = None
        self.flow = None
        self.members = None
        self.fisher_geometry_table = None
        self.training_flow_table = None
        for name in ARRAYS:
            setattr(self, name, None)
        self.arrays = {}
        self.data = None
        self.nnft = None
        self.nngp = None
        self.diverged = None

    @property
    def kept(self):
        """bool [members]: the members that did not diverge (None without members.csv)."""
        return None if self.diverged is None else ~self.diverged

    @property
    def config(self):
        """The fully resolved configuration (``summary["config"]``), or None."""
        return None if self.summary is None else self.summary.get("config")

    @property
    def member_count(self):
        """The number of members in this directory."""
        if self.summary is not None and "members" in self.summary:
            return int(self.summary["members"])
        return None if self.diverged is None else len(self.diverged)

    def __repr__(self):
        arrays = ", ".join(f"{k}{list(v.shape)}" for k, v in self.arrays.items())
        flag = ", incomplete" if self.incomplete else ""
        return f"Run({str(self.path)!r}{flag}; members={self.member_count}; {arrays})"


def load_run(run_dir, *, allow_incomplete: bool = False, mmap: bool = False) -> Run:
    """Reads a bayesrg run directory (``bayesrg run``, ``merge``, ``import``) into a :class:`Run`.

    Every file the directory holds is read; a file that is absent (an optional one, or one the run
    did not write) leaves its attribute None. JSON files become dicts, CSV files dicts of column ->
    NumPy array, ``.npy`` files arrays.

    Args:
        run_dir: the run directory.
        allow_incomplete: read a directory that still holds the ``INCOMPLETE`` marker (a run that has
            not finished, or stopped); its files may be missing or, for ``nnft/``, from earlier.
        mmap: map the ``.npy`` files read-only instead of reading them (for large ensembles).

    Raises:
        IncompleteRunError: the directory holds ``INCOMPLETE`` and ``allow_incomplete`` is false.
        FileNotFoundError: no such directory, or no ``summary.json`` in a finished one.
    """
    path = Path(run_dir)
    if not path.is_dir():
        raise FileNotFoundError(f"{path}: no such run directory")
    run = Run(path)
    marker = path / INCOMPLETE
    if marker.exists():
        note = marker.read_text(encoding="utf-8", errors="replace").strip()
        if not allow_incomplete:
            raise IncompleteRunError(
                f"{path} is an incomplete run (it holds the INCOMPLETE marker: {note or 'no text'}); "
                f"finish it with `bayesrg run --resume {path}`, or pass allow_incomplete=True to read what "
                f"is there")
        run.incomplete, run.incomplete_note = True, note
    elif not (path / "summary.json").is_file():
        raise FileNotFoundError(f"{path} is not a run directory: it has no summary.json")

    run.summary = _json(path / "summary.json")
    run.manifest = _json(path / "manifest.json")
    run.flow = _table(path / "flow.csv")
    run.members = _table(path / "members.csv")
    run.fisher_geometry_table = _table(path / "fisher_geometry.csv")
    run.training_flow_table = _table(path / "training_flow.csv")
    run.arrays = _arrays(path, mmap)
    for name in ARRAYS:
        setattr(run, name, run.arrays.get(name))
    data = (run.config or {}).get("data") or {}
    if data.get("source") == "npy" and data.get("directory"):
        # a run of `bayesrg import` (or data.source npy) reads its data sets from that directory
        source = Path(data["directory"])
        if source.is_dir():
            run.data = {name: np.load(source / (name + ".npy"), mmap_mode="r" if mmap else None,
                                      allow_pickle=False)
                        for name in DATA_ARRAYS if (source / (name + ".npy")).is_file()}
    if (path / "nnft").is_dir():
        nnft = path / "nnft"
        found = _arrays(nnft, mmap)
        run.nnft = Section(path=nnft, snapshots=_json(nnft / "snapshots.json"),
                           **{name: found.get(name) for name in NNFT_ARRAYS})
    if (path / "nngp").is_dir():
        nngp = path / "nngp"
        found = _arrays(nngp, mmap)
        run.nngp = Section(path=nngp, corroboration=_table(nngp / "corroboration.csv"),
                           corroboration_json=_json(nngp / "corroboration.json"),
                           **{name: found.get(name) for name in NNGP_ARRAYS})
    run.diverged = _diverged(run.members)
    return run


def _json(file: Path):
    if not file.is_file():
        return None
    with open(file, encoding="utf-8") as f:
        return json.load(f)


DATA_ARRAYS = ("train_inputs", "train_targets", "test_inputs", "test_targets", "fisher_inputs", "fisher_targets",
               "probe_input")


def _arrays(directory: Path, mmap: bool) -> dict:
    return {file.stem: np.load(file, mmap_mode="r" if mmap else None, allow_pickle=False)
            for file in sorted(directory.glob("*.npy")) if file.is_file()}


def read_table(file) -> dict:
    """A bayesrg CSV file (header row, comma-separated) as a dict of column -> 1-D NumPy array.

    A column of ``true``/``false`` becomes bool, one of whole numbers int64, one of other numbers
    (``nan``, ``inf``, ``-inf`` and Java's ``1.0E-4`` spellings included) float64 with empty cells
    NaN; anything else stays text.
    """
    with open(file, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise ValueError(f"{file}, line {number}: {len(row)} cells, the header has {len(header)}")
    return {name: _column([row[i] for row in body]) for i, name in enumerate(header)}


def _table(file: Path):
    return read_table(file) if file.is_file() else None


def _column(cells: list) -> np.ndarray:
    if cells and all(c in ("true", "false") for c in cells):
        return np.array([c == "true" for c in cells], dtype=bool)
    if cells and all(_INTEGER.match(c) for c in cells):
        return np.array([int(c) for c in cells], dtype=np.int64)
    try:
        return np.array([float(c) if c != "" else np.nan for c in cells], dtype=np.float64)
    except ValueError:
        return np.array(cells, dtype=str)


def _diverged(members):
    """One flag per member, in the order the members first appear in members.csv (member-major)."""
    if not members or "member" not in members or "diverged" not in members:
        return None
    order, flags = {}, []
    diverged = members["diverged"]
    if diverged.dtype != bool:
        return None
    for member, flag in zip(members["member"].tolist(), diverged.tolist()):
        if member not in order:
            order[member] = len(flags)
            flags.append(False)
        flags[order[member]] |= flag
    return np.array(flags, dtype=bool)
