"""bayesrg's Python companion: hand an ensemble trained in PyTorch, JAX or NumPy to bayesrg, and read
its run directories back.

* :func:`export_ensemble` writes an ensemble directory (docs/import.md) that
  ``bayesrg import DIR --out RUN_DIR`` turns into an ordinary run directory;
* :func:`load_run` reads a run directory (docs/run-directory.md) as NumPy arrays and dicts;
* :func:`unpack_symmetric` turns the packed symmetric tensors of ``nnft/`` into full ones.

Standard library and NumPy only (PyTorch modules are accepted when PyTorch is installed). Add the
repository's ``python/`` directory to ``PYTHONPATH`` and ``import bayesrg``.
"""

from ._export import FORMAT, FORMAT_VERSION, KINDS, export_ensemble
from ._mlp import ACTIVATIONS
from ._run import IncompleteRunError, Run, load_run, read_table
from ._tensors import unpack_symmetric

__version__ = "0.1.0"

__all__ = ["export_ensemble", "load_run", "read_table", "unpack_symmetric", "Run", "IncompleteRunError", "ACTIVATIONS",
           "FORMAT", "FORMAT_VERSION", "KINDS", "__version__"]
