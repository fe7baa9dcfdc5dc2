"""The layers of fully connected networks: from PyTorch modules or from parameter pytrees."""

from __future__ import annotations

import re
import sys

import numpy as np

from ._arrays import shape_text, to_numpy

ACTIVATIONS = ("identity", "relu", "tanh", "erf", "cos", "gelu")
_LAYOUTS = {"out_in": "out_in", "torch": "out_in", "pytorch": "out_in",
            "in_out": "in_out", "jax": "in_out", "flax": "in_out"}


def activation_name(name, where: str) -> str:
    if not isinstance(name, str) or name.lower() not in ACTIVATIONS:
        raise ValueError(f"{where}: activation {name!r} is not one of bayesrg's ({', '.join(ACTIVATIONS)})")
    return name.lower()


def layout_name(layout) -> str | None:
    if layout is None:
        return None
    if not isinstance(layout, str) or layout.lower() not in _LAYOUTS:
        raise ValueError(f"layout must be 'out_in' (PyTorch's nn.Linear, also 'torch') or 'in_out' "
                         f"(JAX/flax kernels, also 'jax', 'flax'), got {layout!r}")
    return _LAYOUTS[layout.lower()]


class Network:
    """One member's layers: ``weights[i]`` [out_i, in_i], ``biases[i]`` [out_i] or None; the
    activations after each hidden layer and after the read-out as far as they could be read off
    (None: unknown)."""

    def __init__(self, weights, biases, hidden_activations=None, output_activation=None):
        self.weights = weights
        self.biases = biases
        self.hidden_activations = hidden_activations
        self.output_activation = output_activation


def _is_torch_module(value) -> bool:
    torch = sys.modules.get("torch")  # an object cannot be a torch module unless torch is loaded
    return torch is not None and isinstance(value, torch.nn.Module)


# ------------------------------------------------------------------ PyTorch modules

def _torch_network(module, where: str) -> tuple[Network, str | None]:
    """The module's nn.Linear layers in registration order, and the activations when the module is an
    nn.Sequential (nested ones flattened) whose other modules are all known; else the reason why not."""
    import torch.nn as nn

    linears = [m for m in module.modules() if isinstance(m, nn.Linear)]
    if not linears:
        raise ValueError(f"{where}: the module {type(module).__name__} has no nn.Linear layer")
    weights = [to_numpy(m.weight, f"{where}, layer {i} weight") for i, m in enumerate(linears)]
    biases = [None if m.bias is None else to_numpy(m.bias, f"{where}, layer {i} bias")
              for i, m in enumerate(linears)]
    if not isinstance(module, nn.Sequential):
        return Network(weights, biases), (
            f"it is a {type(module).__name__}, not an nn.Sequential, so the order of its layers and its "
            f"activations are not visible")

    def leaves(m):
        if isinstance(m, nn.Sequential):
            for child in m:
                yield from leaves(child)
        else:
            yield m

    known = {nn.ReLU: "relu", nn.Tanh: "tanh", nn.GELU: "gelu"}
    neutral = (nn.Identity, nn.Dropout, nn.Flatten)
    after = []  # after[i]: the activations seen after linear i
    for m in leaves(module):
        if isinstance(m, nn.Linear):
            after.append([])
        elif isinstance(m, neutral):
            continue
        elif type(m) in known:
            if isinstance(m, nn.GELU) and getattr(m, "approximate", "none") != "none":
                return Network(weights, biases), (
                    f"it uses nn.GELU(approximate={m.approximate!r}); bayesrg's gelu is the exact one")
            if not after:
                return Network(weights, biases), f"its {type(m).__name__} comes before the first nn.Linear"
            after[-1].append(known[type(m)])
        else:
            return Network(weights, biases), (
                f"it holds a {type(m).__name__}, which is none of nn.Linear, nn.ReLU, nn.Tanh, nn.GELU, "
                f"nn.Identity, nn.Dropout, nn.Flatten")
    names = []
    for i, acts in enumerate(after):
        if len(acts) > 1:
            return Network(weights, biases), f"it has {len(acts)} activations in a row after layer {i}"
        names.append(acts[0] if acts else "identity")
    return Network(weights, biases, names[:-1], names[-1]), None


# ------------------------------------------------------------------ pytrees

def _trailing_number(name):
    match = re.search(r"(\d+)$", str(name))
    return int(match.group(1)) if match else None


def _layer_entries(member, where: str):
    """The layers of a pytree member as a list of (weight, bias, kernel_named) triples."""
    if isinstance(member, dict) and set(member) == {"params"}:
        member = member["params"]
    if isinstance(member, dict):
        keys = list(member)
        numbers = [_trailing_number(k) for k in keys]
        if all(n is not None for n in numbers):
            keys = [k for _, k in sorted(zip(numbers, keys), key=lambda p: p[0])]
        entries = [member[k] for k in keys]
    elif isinstance(member, (list, tuple)):
        entries = list(member)
    else:
        raise ValueError(f"{where}: expected a PyTorch module, a list of (weight, bias) pairs or a dict of "
                         f"layers, got {type(member).__name__}")
    layers = []
    for i, entry in enumerate(entries):
        at = f"{where}, layer {i}"
        if isinstance(entry, dict):
            unknown = set(entry) - {"kernel", "weight", "bias"}
            if unknown or ("kernel" in entry) == ("weight" in entry):
                raise ValueError(f"{at}: a layer dict holds 'weight' or 'kernel' and optionally 'bias', got "
                                 f"keys {sorted(entry)}")
            kernel = "kernel" in entry
            layers.append((entry["kernel" if kernel else "weight"], entry.get("bias"), kernel))
        elif isinstance(entry, (list, tuple)):
            if len(entry) != 2:
                raise ValueError(f"{at}: a layer is a (weight, bias) pair, got {len(entry)} items")
            layers.append((entry[0], entry[1], False))
        elif hasattr(entry, "shape"):
            layers.append((entry, None, False))  # a weight alone: no bias
        else:
            raise ValueError(f"{at}: expected a (weight, bias) pair, a weight array or a layer dict, got "
                             f"{type(entry).__name__}")
    if not layers:
        raise ValueError(f"{where}: no layers")
    return layers


def _pytree_network(member, layout: str | None, where: str, last_is_readout: bool = True) -> Network:
    weights, biases = [], []
    entries = _layer_entries(member, where)
    for i, (w, b, kernel_named) in enumerate(entries):
        at = f"{where}, layer {i}"
        w = to_numpy(w, f"{at} weight")
        lay = layout or ("in_out" if kernel_named else "out_in")
        last = last_is_readout and i == len(entries) - 1
        if w.ndim == 1 and last:
            w = w[None, :] if lay == "out_in" else w[:, None]  # a read-out vector a_j
        if w.ndim != 2:
            hint = " (a leading member axis? then pass stacked=True)" if w.ndim == 3 else ""
            raise ValueError(f"{at} weight must be a matrix, got shape {shape_text(w.shape)}{hint}")
        if lay == "in_out":
            w = w.T
        if b is not None:
            b = to_numpy(b, f"{at} bias")
            if b.ndim == 0 and last:
                b = b.reshape(1)
            if b.ndim != 1 or b.shape[0] != w.shape[0]:
                raise ValueError(f"{at} bias has shape {shape_text(b.shape)}, the layer has {w.shape[0]} outputs "
                                 f"(weight {shape_text(w.shape)} in [out, in] layout)")
        weights.append(w)
        biases.append(b)
    return Network(weights, biases)


def _tree_map(fn, tree):
    if isinstance(tree, dict):
        return {k: _tree_map(fn, v) for k, v in tree.items()}
    if isinstance(tree, (list, tuple)):
        return [_tree_map(fn, v) for v in tree] if isinstance(tree, list) else tuple(_tree_map(fn, v) for v in tree)
    if tree is None:
        return None
    return fn(tree)


def _unstack(tree, what: str):
    """A pytree whose leaves have a leading member axis, as a list of per-member pytrees."""
    sizes = set()

    def size(leaf):
        array = to_numpy(leaf, what)
        if array.ndim == 0:
            raise ValueError(f"{what}: with stacked=True every leaf has a leading member axis, got a scalar")
        sizes.add(array.shape[0])
        return array

    arrays = _tree_map(size, tree)
    if len(sizes) != 1:
        raise ValueError(f"{what}: with stacked=True every leaf has the same leading member axis, got sizes "
                         f"{sorted(sizes)}")
    count = sizes.pop()
    return [_tree_map(lambda a, m=m: a[m], arrays) for m in range(count)]


# ------------------------------------------------------------------ the ensemble

def networks(members, layout, stacked: bool, what: str):
    """Every member's Network, with the reason the activations could not be read off (or None)."""
    layout = layout_name(layout)
    if stacked:
        if _is_torch_module(members):
            raise ValueError(f"{what}: stacked=True is for pytrees whose leaves have a leading member axis, "
                             f"not for PyTorch modules")
        members = _unstack(members, what)
    if _is_torch_module(members) or not isinstance(members, (list, tuple)) or not members:
        raise ValueError(f"{what} must be a non-empty list with one entry per member (PyTorch modules or "
                         f"parameter pytrees), or one stacked pytree with stacked=True")
    result, reasons = [], []
    for m, member in enumerate(members):
        where = f"{what}[{m}]"
        if _is_torch_module(member):
            if layout == "in_out":
                raise ValueError(f"{where}: a PyTorch module's weights are [out, in]; layout='in_out' is for "
                                 f"JAX/flax pytrees")
            net, reason = _torch_network(member, where)
        else:
            net, reason = _pytree_network(member, layout, where), "the members are parameter pytrees"
        result.append(net)
        reasons.append(reason)
    return result, reasons


def check_same_architecture(nets, what: str, reference=None, reference_what: str = "") -> None:
    """Every network has the shapes and biases of the first (or of ``reference``)."""
    ref = reference or nets[0]
    ref_what = reference_what or f"{what}[0]"
    for m, net in enumerate(nets):
        if net is ref:
            continue
        if len(net.weights) != len(ref.weights):
            raise ValueError(f"{what}[{m}] has {len(net.weights)} layers, {ref_what} has {len(ref.weights)}")
        for i, (w, b, rw, rb) in enumerate(zip(net.weights, net.biases, ref.weights, ref.biases)):
            if w.shape != rw.shape:
                raise ValueError(f"{what}[{m}], layer {i}: weight has shape {shape_text(w.shape)} ([out, in]), "
                                 f"{ref_what}'s has {shape_text(rw.shape)}")
            if (b is None) != (rb is None):
                has = "has" if b is not None else "has no"
                other = "has" if rb is not None else "has none"
                raise ValueError(f"{what}[{m}], layer {i} {has} bias, {ref_what}'s {other}: a layer has a bias "
                                 f"in every member or in none")


def check_chain(net: Network, d: int, what: str) -> None:
    """Layer 0 takes the d inputs, each layer the previous one's outputs, the read-out gives one."""
    previous = d
    last = len(net.weights) - 1
    for i, w in enumerate(net.weights):
        name = "the read-out" if i == last else f"hidden layer {i}"
        if w.shape[1] != previous:
            source = f"the input dimension d of the data" if i == 0 else f"layer {i - 1}'s outputs"
            raise ValueError(f"{what}, layer {i} ({name}): weight has in = {w.shape[1]} (shape "
                             f"{shape_text(w.shape)} in [out, in] layout), but {source} is {previous}"
                             + ("; JAX/flax kernels are [in, out]: pass layout='in_out'" if w.shape[0] == previous
                                else ""))
        previous = w.shape[0]
    if net.weights[last].shape[0] != 1:
        raise ValueError(f"{what}, layer {last} (the read-out) has {net.weights[last].shape[0]} outputs; "
                         f"bayesrg's networks have one (out_L = 1)")


def stack(nets, attr: str, index: int) -> np.ndarray:
    return np.stack([getattr(n, attr)[index] for n in nets])
