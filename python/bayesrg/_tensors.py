"""Symmetric tensors as bayesrg stores them in ``nnft/`` (docs/run-directory.md)."""

from __future__ import annotations

import itertools
import math

import numpy as np


def unpack_symmetric(packed, points: int, order: int) -> np.ndarray:
    """The full symmetric tensors of packed ones.

    bayesrg stores a symmetric order-r tensor on M mesh points (``nnft/connected_r.npy``,
    ``lambda3.npy``, ``lambda4.npy``, ``lambda6.npy`` and their ``_se``) as one number per multiset
    {i_1 <= ... <= i_r}, in the order of ``itertools.combinations_with_replacement(range(M), r)``:
    C(M + r - 1, r) numbers on the last axis. ``packed`` may carry leading axes (e.g. [entries, C]);
    the result has shape ``packed.shape[:-1] + (M,) * r``.
    """
    packed = np.asarray(packed, dtype=np.float64)
    count = math.comb(points + order - 1, order)
    if packed.shape[-1] != count:
        raise ValueError("the last axis has %d numbers, a symmetric order-%d tensor on %d points has %d"
                         % (packed.shape[-1], order, points, count))
    rank = np.empty((points,) * order, dtype=np.int64)
    for k, multiset in enumerate(itertools.combinations_with_replacement(range(points), order)):
        for perm in set(itertools.permutations(multiset)):
            rank[perm] = k
    return packed[..., rank]
