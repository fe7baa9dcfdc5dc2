"""Turning the caller's arrays (NumPy, PyTorch, JAX, nested lists) into checked float64 NumPy arrays."""

from __future__ import annotations

import numpy as np


def to_numpy(value, name: str) -> np.ndarray:
    """``value`` as a float64 array; PyTorch tensors are detached and moved to the CPU first."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):  # a torch.Tensor
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except Exception as e:  # ragged nested lists, objects NumPy cannot take
        raise ValueError(f"{name} is not an array: {e}") from None
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    return array.astype(np.float64)


def shape_text(shape) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def require_ndim(name: str, array: np.ndarray, axes: str) -> None:
    """Checks the number of dimensions; ``axes`` names them, e.g. ``"M, n, N"``."""
    want = len(axes.split(","))
    if array.ndim != want:
        raise ValueError(
            f"{name} must have {want} dimension{'s' if want != 1 else ''} [{axes}], "
            f"got shape {shape_text(array.shape)}")


def require_dim(name: str, array: np.ndarray, axis: int, axis_name: str, expected: int, what: str) -> None:
    """Checks one dimension against a size fixed elsewhere (``what`` says where)."""
    if array.shape[axis] != expected:
        raise ValueError(
            f"{name} has {axis_name} = {array.shape[axis]} (dimension {axis} of shape "
            f"{shape_text(array.shape)}), but {what} is {expected}")


def require_finite(name: str, array: np.ndarray) -> None:
    """Refuses NaN and ±inf, naming the first offending index."""
    bad = ~np.isfinite(array)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} has the non-finite value {array[index]} at index {list(index)}: NaN and inf are "
            f"refused everywhere except in the outputs of kind 'outputs'")


def squeeze_axis(array: np.ndarray, axis: int, ndim: int) -> np.ndarray:
    """Drops a length-1 ``axis`` from an array of ``ndim`` dimensions (e.g. targets [n, 1] -> [n])."""
    if array.ndim == ndim and array.shape[axis] == 1:
        return np.squeeze(array, axis=axis)
    return array
