"""export_ensemble: an ensemble directory for ``bayesrg import`` (docs/import.md, format 1)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path

import numpy as np

from . import _yaml
from ._arrays import require_dim, require_finite, require_ndim, shape_text, squeeze_axis, to_numpy
from ._mlp import (activation_name, check_chain, check_same_architecture, networks, stack)

FORMAT = "bayesrg-ensemble"
FORMAT_VERSION = 1
KINDS = ("mlp", "readout", "outputs")
_DTYPES = {"float64": "<f8", "f8": "<f8", "float32": "<f4", "f4": "<f4"}

_DATA = ("train_inputs", "train_targets", "test_inputs", "test_targets", "fisher_inputs", "probe_input")
_OWN = {
    "mlp": ("members", "activations", "output_activation", "layout", "stacked", "initial", "trainable"),
    "readout": ("features_train", "features_test", "features_fisher", "features_probe", "readout_weight",
                "readout_bias", "readout_weight_initial", "readout_bias_initial"),
    "outputs": ("outputs", "mesh_inputs", "epochs"),
}


def export_ensemble(directory, kind, members=None, *,
                    train_inputs=None, train_targets=None, test_inputs=None, test_targets=None,
                    fisher_inputs=None, probe_input=None,
                    activations=None, output_activation=None, layout=None, stacked=False, initial=None,
                    trainable=None,
                    features_train=None, features_test=None, features_fisher=None, features_probe=None,
                    readout_weight=None, readout_bias=None, readout_weight_initial=None,
                    readout_bias_initial=None,
                    outputs=None, mesh_inputs=None, epochs=None,
                    dtype="float64", source=None, config=None, overwrite=False) -> Path:
    """Writes an ensemble directory that ``bayesrg import DIR --out RUN_DIR`` turns into a run.

    The format is docs/import.md's (format 1): ``ensemble.json``, ``config.yaml`` and one ``.npy``
    file per array. Everything is checked before anything is written, and the directory is built
    under a temporary name beside ``directory`` and renamed into place at the end, so a failed export
    leaves nothing behind. Returns the directory's path.

    Args:
        directory: where to write; must not exist (or be an empty directory) unless ``overwrite``.
        kind: ``"mlp"`` (every layer's weights), ``"readout"`` (features and a linear read-out) or
            ``"outputs"`` (network outputs on mesh points only).
        members: kind ``mlp``: one entry per member, each a PyTorch module (its ``nn.Linear`` layers in
            order; an ``nn.Sequential`` of Linear, ReLU, Tanh, GELU, Identity, Dropout and Flatten
            modules also gives the activations) or a parameter pytree: a list of ``(weight, bias)``
            pairs (bias None for none), of bare weight arrays, or of ``{"weight"|"kernel", "bias"}``
            dicts, or a flax-style dict of such layer dicts (``{"params": {"Dense_0": {"kernel", "bias"},
            …}}``, ordered by the number the names end in). NumPy arrays, JAX arrays and tensors all work.
        activations: kind ``mlp``: the activation after each hidden layer (a list, or one name for all),
            from identity, relu, tanh, erf, cos, gelu; needed unless every member is an nn.Sequential
            they can be read from (if both, they must agree).
        output_activation: kind ``mlp``: the activation of the read-out (default: read from the
            nn.Sequential, else identity).
        layout: kind ``mlp`` pytrees: ``"out_in"`` (PyTorch's ``nn.Linear.weight`` [out, in], the
            default for pairs and ``"weight"``) or ``"in_out"`` (JAX/flax kernels [in, out], the
            default for ``"kernel"`` entries). A read-out weight may also be a vector [in].
        stacked: kind ``mlp``: ``members`` (and ``initial``) is one pytree whose leaves have a leading
            member axis M (a vmapped JAX ensemble) instead of a list of members.
        initial: kind ``mlp``: the parameters training started from, in the same form as ``members``.
        trainable: kind ``mlp``: ``"last"`` or ``"all"``, written as ``network.trainable`` (what was
            trained, and so what the Fisher metric and the flow act on); None: not written (the
            preset's ``last``).
        features_train, features_test, features_fisher: kind ``readout``: [M, n, N], [M, t, N],
            [M, n_F, N], each member's last-hidden-layer features on the three sets of inputs.
        features_probe: kind ``readout``: [M, N] on ``probe_input``; exactly when ``probe_input`` is given.
        readout_weight, readout_bias: kind ``readout``: the trained read-out, [M, N] ([M, 1, N] is
            accepted, as stacked ``nn.Linear(N, 1).weight``) and [M] (or [M, 1]); with a bias the
            configuration gets ``network.outputBias: true``.
        readout_weight_initial, readout_bias_initial: kind ``readout``: optional, the read-out
            training started from (the bias exactly when there is a bias).
        outputs: kind ``outputs``: [M, P] (the trained networks) or [M, C, P] (C checkpoints, the last
            one the trained network) on the P mesh points; NaN or inf marks a diverged member.
        mesh_inputs: kind ``outputs``: [P, d], the mesh points.
        epochs: kind ``outputs``: optional [C] with [M, C, P] outputs, the checkpoints' epochs (whole
            numbers, increasing).
        train_inputs, train_targets, test_inputs, test_targets, fisher_inputs: kinds ``mlp`` and
            ``readout``: [n, d], [n], [t, d], [t], [n_F, d] (targets [n, 1] are accepted).
        probe_input: kinds ``mlp`` and ``readout``: optional [d], the probe x* (default in bayesrg:
            the first test input).
        dtype: ``"float64"`` (default) or ``"float32"`` for every array file; values that do not fit
            in float32 are refused.
        source: free text for ``ensemble.json`` (copied into the run's manifest); default: this
            package, NumPy's and PyTorch's versions.
        config: optional extra configuration (nested dict, e.g. ``{"network": {"init": {"std": 0.5}}}``)
            merged into ``config.yaml``; the data keys are the import's, and keys the arrays decide
            (widths, activations, biases, members) must agree with them.
        overwrite: replace an existing ``directory``.

    Raises:
        ValueError: an array of the wrong shape (naming the array and the dimension), non-finite
            values, inconsistent members, an argument the kind does not take.
        FileExistsError: ``directory`` exists, is not empty, and ``overwrite`` is false.

    Example (NumPy only: a two-layer ReLU network per member, trained elsewhere)::

        import numpy as np, bayesrg
        rng = np.random.default_rng(0)
        x = rng.normal(1.0, 1.0, size=(300, 2))
        y = (1 - x[:, 0]) ** 2 - 0.5 * (x[:, 1] - x[:, 0] ** 2)
        members = [[(rng.normal(size=(64, 2)), None),      # layer 0: [out, in], no bias
                    (rng.normal(size=(1, 64)), None)]      # the read-out
                   for _ in range(16)]
        bayesrg.export_ensemble("ens", "mlp", members, activations=["relu"],
                                train_inputs=x[:100], train_targets=y[:100],
                                test_inputs=x[100:200], test_targets=y[100:200],
                                fisher_inputs=x[200:])
        # then: ./bayesrg import ens --out runs/ens
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    given = dict(members=members, activations=activations, output_activation=output_activation, layout=layout,
                 stacked=stacked or None, initial=initial, trainable=trainable,
                 features_train=features_train, features_test=features_test, features_fisher=features_fisher,
                 features_probe=features_probe, readout_weight=readout_weight, readout_bias=readout_bias,
                 readout_weight_initial=readout_weight_initial, readout_bias_initial=readout_bias_initial,
                 outputs=outputs, mesh_inputs=mesh_inputs, epochs=epochs,
                 train_inputs=train_inputs, train_targets=train_targets, test_inputs=test_inputs,
                 test_targets=test_targets, fisher_inputs=fisher_inputs, probe_input=probe_input)
    allowed = set(_OWN[kind]) | (set(_DATA) if kind != "outputs" else set())
    for name, value in given.items():
        if value is not None and name not in allowed:
            raise ValueError(f"kind {kind!r} takes no {name}" + (
                " (the data arrays are for kinds mlp and readout)" if name in _DATA else ""))
    file_dtype = _file_dtype(dtype)
    target = Path(directory)
    _check_target(target, overwrite)

    if kind == "outputs":
        arrays, count, settings = _outputs(outputs, mesh_inputs, epochs)
    else:
        arrays, dims = _data(train_inputs, train_targets, test_inputs, test_targets, fisher_inputs, probe_input)
        if kind == "mlp":
            extra, count, settings = _mlp(members, dims, activations, output_activation, layout, stacked,
                                          initial, trainable)
        else:
            extra, count, settings = _readout(dims, features_train, features_test, features_fisher,
                                              features_probe, readout_weight, readout_bias,
                                              readout_weight_initial, readout_bias_initial)
        arrays.update(extra)
    settings.setdefault("ensemble", {})["members"] = count
    tree = _merge_config(settings, config)

    files = {name: _cast(name, array, file_dtype) for name, array in arrays.items()}
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "kind": kind, "members": count,
                "source": source if source is not None else _default_source()}
    if not isinstance(manifest["source"], str):
        raise ValueError(f"source must be a string, got {type(source).__name__}")
    text = ("# bayesrg configuration of the ensemble (written by bayesrg.export_ensemble; "
            "docs/configuration.md)\n" + _yaml.dump(tree))
    return _write(target, overwrite, files, manifest, text)


# ------------------------------------------------------------------ the data

def _data(train_inputs, train_targets, test_inputs, test_targets, fisher_inputs, probe_input):
    named = dict(train_inputs=train_inputs, train_targets=train_targets, test_inputs=test_inputs,
                 test_targets=test_targets, fisher_inputs=fisher_inputs)
    for name, value in named.items():
        if value is None:
            raise ValueError(f"{name} is required (kinds mlp and readout carry the data: train_inputs, "
                             f"train_targets, test_inputs, test_targets, fisher_inputs, optional probe_input)")
    arrays = {name: to_numpy(value, name) for name, value in named.items()}
    x = arrays["train_inputs"]
    require_ndim("train_inputs", x, "n, d")
    d = x.shape[1]
    for name in ("test_inputs", "fisher_inputs"):
        require_ndim(name, arrays[name], "t, d" if name == "test_inputs" else "n_F, d")
        require_dim(name, arrays[name], 1, "d", d, "the input dimension d of train_inputs")
    for name, inputs in (("train_targets", "train_inputs"), ("test_targets", "test_inputs")):
        y = squeeze_axis(arrays[name], 1, 2)
        require_ndim(name, y, "n" if name == "train_targets" else "t")
        require_dim(name, y, 0, "n" if name == "train_targets" else "t", arrays[inputs].shape[0],
                    f"the number of rows of {inputs}")
        arrays[name] = y
    for name, array in arrays.items():
        if array.shape[0] == 0 or (array.ndim == 2 and array.shape[1] == 0):
            raise ValueError(f"{name} is empty (shape {shape_text(array.shape)})")
    if probe_input is not None:
        probe = squeeze_axis(to_numpy(probe_input, "probe_input"), 0, 2)
        require_ndim("probe_input", probe, "d")
        require_dim("probe_input", probe, 0, "d", d, "the input dimension d of train_inputs")
        arrays["probe_input"] = probe
    for name, array in arrays.items():
        require_finite(name, array)
    dims = dict(n=x.shape[0], d=d, t=arrays["test_inputs"].shape[0], n_F=arrays["fisher_inputs"].shape[0],
                probe=probe_input is not None)
    return arrays, dims


# ------------------------------------------------------------------ kind mlp

def _mlp(members, dims, activations, output_activation, layout, stacked, initial, trainable):
    if members is None:
        raise ValueError("kind 'mlp' needs members: one PyTorch module or parameter pytree per member")
    nets, reasons = networks(members, layout, stacked, "members")
    check_same_architecture(nets, "members")
    check_chain(nets[0], dims["d"], "members[0]")
    hidden = len(nets[0].weights) - 1

    inferred = None
    if all(r is None for r in reasons):
        inferred = (nets[0].hidden_activations, nets[0].output_activation)
        for m, net in enumerate(nets):
            if (net.hidden_activations, net.output_activation) != inferred:
                raise ValueError(f"members[{m}] has activations {net.hidden_activations} and output "
                                 f"{net.output_activation}, members[0] {inferred[0]} and {inferred[1]}")
    if activations is None:
        if inferred is None and hidden > 0:
            reason = next(r for r in reasons if r is not None)
            raise ValueError(f"activations= is needed: the activations of members[{reasons.index(reason)}] "
                             f"cannot be read off ({reason}); give one name per hidden layer ({hidden}), "
                             f"from identity, relu, tanh, erf, cos, gelu")
        names = inferred[0] if inferred is not None else []
    else:
        if isinstance(activations, str):
            activations = [activations] * hidden
        names = [activation_name(a, f"activations[{i}]") for i, a in enumerate(activations)]
        if len(names) != hidden:
            raise ValueError(f"activations has {len(names)} entries, the network has {hidden} hidden layers "
                             f"(one before each nn.Linear but the first)")
        if inferred is not None and names != inferred[0]:
            raise ValueError(f"activations={names} contradicts the modules, whose activations are "
                             f"{inferred[0]}")
    if output_activation is not None:
        out = activation_name(output_activation, "output_activation")
        if inferred is not None and out != inferred[1]:
            raise ValueError(f"output_activation={out!r} contradicts the modules, whose read-out is followed "
                             f"by {inferred[1]!r}")
    else:
        out = inferred[1] if inferred is not None else "identity"

    arrays = {}
    for i in range(hidden + 1):
        arrays[f"layer{i}_weight"] = stack(nets, "weights", i)
        if nets[0].biases[i] is not None:
            arrays[f"layer{i}_bias"] = stack(nets, "biases", i)
    if initial is not None:
        starts, _ = networks(initial, layout, stacked, "initial")
        if len(starts) != len(nets):
            raise ValueError(f"initial has {len(starts)} members, members has {len(nets)}")
        check_same_architecture(starts, "initial", nets[0], "members[0]")
        for i in range(hidden + 1):
            arrays[f"layer{i}_weight_initial"] = stack(starts, "weights", i)
            if nets[0].biases[i] is not None:
                arrays[f"layer{i}_bias_initial"] = stack(starts, "biases", i)
    for name, array in arrays.items():
        require_finite(name, array)

    network = {
        "hidden": [{"width": int(nets[0].weights[i].shape[0]), "activation": names[i],
                    "bias": nets[0].biases[i] is not None} for i in range(hidden)],
        "outputActivation": out,
        "outputBias": nets[0].biases[hidden] is not None,
    }
    if trainable is not None:
        if trainable not in ("last", "all"):
            raise ValueError(f"trainable must be 'last' or 'all', got {trainable!r}")
        network["trainable"] = trainable
    return arrays, len(nets), {"network": network}


# ------------------------------------------------------------------ kind readout

def _readout(dims, features_train, features_test, features_fisher, features_probe, readout_weight, readout_bias,
             readout_weight_initial, readout_bias_initial):
    required = dict(features_train=features_train, features_test=features_test,
                    features_fisher=features_fisher, readout_weight=readout_weight)
    for name, value in required.items():
        if value is None:
            raise ValueError(f"kind 'readout' needs {name}")
    arrays = {name: to_numpy(value, name) for name, value in required.items()}
    a = arrays["readout_weight"]
    if a.ndim == 3 and a.shape[1] == 1:
        a = a[:, 0, :]  # stacked nn.Linear(N, 1).weight
    elif a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]  # stacked flax kernels [N, 1]
    require_ndim("readout_weight", a, "M, N")
    arrays["readout_weight"] = a
    count, width = a.shape
    if count == 0 or width == 0:
        raise ValueError(f"readout_weight is empty (shape {shape_text(a.shape)})")
    for name, rows, rows_name, what in (("features_train", dims["n"], "n", "train_inputs"),
                                        ("features_test", dims["t"], "t", "test_inputs"),
                                        ("features_fisher", dims["n_F"], "n_F", "fisher_inputs")):
        f = arrays[name]
        require_ndim(name, f, f"M, {rows_name}, N")
        require_dim(name, f, 0, "M", count, "the number of members M of readout_weight")
        require_dim(name, f, 1, rows_name, rows, f"the number of rows of {what}")
        require_dim(name, f, 2, "N", width, "the feature width N of readout_weight")
    if (features_probe is None) != (not dims["probe"]):
        raise ValueError("features_probe is given exactly when probe_input is: "
                         + ("features_probe without probe_input" if features_probe is not None
                            else "probe_input without features_probe"))
    if features_probe is not None:
        p = squeeze_axis(to_numpy(features_probe, "features_probe"), 1, 3)
        require_ndim("features_probe", p, "M, N")
        require_dim("features_probe", p, 0, "M", count, "the number of members M of readout_weight")
        require_dim("features_probe", p, 1, "N", width, "the feature width N of readout_weight")
        arrays["features_probe"] = p
    if readout_bias is not None:
        arrays["readout_bias"] = _bias("readout_bias", readout_bias, count)
    if readout_weight_initial is not None:
        a0 = to_numpy(readout_weight_initial, "readout_weight_initial")
        if a0.ndim == 3 and a0.shape[1] == 1:
            a0 = a0[:, 0, :]
        elif a0.ndim == 3 and a0.shape[2] == 1:
            a0 = a0[:, :, 0]
        require_ndim("readout_weight_initial", a0, "M, N")
        require_dim("readout_weight_initial", a0, 0, "M", count, "the number of members M of readout_weight")
        require_dim("readout_weight_initial", a0, 1, "N", width, "the feature width N of readout_weight")
        arrays["readout_weight_initial"] = a0
    has_bias_start = readout_bias_initial is not None
    want_bias_start = readout_weight_initial is not None and readout_bias is not None
    if has_bias_start != want_bias_start:
        raise ValueError("readout_bias_initial is given exactly when readout_weight_initial and readout_bias are"
                         + (" (there is no read-out bias)" if readout_bias is None else ""))
    if has_bias_start:
        arrays["readout_bias_initial"] = _bias("readout_bias_initial", readout_bias_initial, count)
    for name, array in arrays.items():
        require_finite(name, array)
    return arrays, count, {"network": {"outputBias": readout_bias is not None}}


def _bias(name, value, count):
    b = squeeze_axis(to_numpy(value, name), 1, 2)
    require_ndim(name, b, "M")
    require_dim(name, b, 0, "M", count, "the number of members M of readout_weight")
    return b


# ------------------------------------------------------------------ kind outputs

def _outputs(outputs, mesh_inputs, epochs):
    if outputs is None or mesh_inputs is None:
        raise ValueError("kind 'outputs' needs outputs ([M, P] or [M, C, P]) and mesh_inputs ([P, d])")
    f = to_numpy(outputs, "outputs")
    if f.ndim not in (2, 3):
        raise ValueError(f"outputs must have 2 dimensions [M, P] or 3 [M, C, P], got shape {shape_text(f.shape)}")
    mesh = to_numpy(mesh_inputs, "mesh_inputs")
    require_ndim("mesh_inputs", mesh, "P, d")
    require_dim("outputs", f, f.ndim - 1, "P", mesh.shape[0], "the number of mesh points P of mesh_inputs")
    if 0 in f.shape or 0 in mesh.shape:
        raise ValueError(f"outputs [{shape_text(f.shape)}] and mesh_inputs [{shape_text(mesh.shape)}] must not be "
                         f"empty")
    require_finite("mesh_inputs", mesh)
    arrays = {"outputs": f, "mesh_inputs": mesh}
    if epochs is not None:
        if f.ndim != 3:
            raise ValueError("epochs are the checkpoints' epochs: they need outputs [M, C, P] with a checkpoint "
                             "axis C")
        e = to_numpy(epochs, "epochs")
        require_ndim("epochs", e, "C")
        require_dim("epochs", e, 0, "C", f.shape[1], "the number of checkpoints C of outputs")
        require_finite("epochs", e)
        if np.any(e != np.round(e)) or np.any(e < 0):
            raise ValueError(f"epochs must be whole numbers >= 0, got {e.tolist()}")
        if np.any(np.diff(e) <= 0):
            raise ValueError(f"epochs must increase from checkpoint to checkpoint, got {e.tolist()}")
        arrays["epochs"] = e
    return arrays, f.shape[0], {}


# ------------------------------------------------------------------ configuration and files

_DECIDED = {("network", "hidden"), ("network", "outputBias"), ("network", "outputActivation"),
            ("network", "trainable"), ("ensemble", "members")}


def _merge_config(settings: dict, extra) -> dict:
    if extra is None:
        return settings
    if not isinstance(extra, dict):
        raise ValueError(f"config must be a dict of configuration sections, got {type(extra).__name__}")
    if "data" in extra:
        raise ValueError("config must not set data.*: bayesrg import sets the data keys from the arrays")
    tree = json.loads(json.dumps(settings))

    def merge(into, more, path):
        for key, value in more.items():
            here = path + (key,)
            if here in _DECIDED and key in into:
                if _normal(into[key]) != _normal(value):
                    raise ValueError(f"config sets {'.'.join(here)} = {value!r}, but the arrays say "
                                     f"{into[key]!r}")
            elif isinstance(value, dict) and isinstance(into.get(key), dict):
                merge(into[key], value, here)
            else:
                into[key] = value

    merge(tree, extra, ())
    _yaml.dump(tree)  # fail now, with the key, rather than after the arrays were converted
    return tree


def _normal(value):
    return json.loads(json.dumps(value, default=lambda v: v.tolist() if hasattr(v, "tolist") else str(v)))


def _cast(name: str, array: np.ndarray, file_dtype: np.dtype) -> np.ndarray:
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.ascontiguousarray(array, dtype=file_dtype)
    finite_before = np.isfinite(array)
    lost = finite_before & ~np.isfinite(out)
    if lost.any():
        index = [int(i) for i in np.argwhere(lost)[0]]
        raise ValueError(f"{name}[{index}] = {array[tuple(index)]} does not fit in {file_dtype.name}")
    if name == "epochs" and np.any(out.astype(np.float64) != array):
        raise ValueError(f"epochs {array.tolist()} are not exact in {file_dtype.name}")
    return out


def _file_dtype(dtype) -> np.dtype:
    try:
        name = dtype if isinstance(dtype, str) and dtype in _DTYPES else np.dtype(dtype).name
    except TypeError:
        name = None
    if name not in _DTYPES:
        raise ValueError(f"dtype must be float64 or float32, got {dtype!r}")
    return np.dtype(_DTYPES[name])


def _default_source() -> str:
    from . import __version__
    text = f"bayesrg python companion {__version__} (numpy {np.__version__}"
    try:
        import sys
        torch = sys.modules.get("torch")
        if torch is not None:
            text += f", torch {torch.__version__}"
    except Exception:
        pass
    return text + ")"


def _check_target(target: Path, overwrite: bool) -> None:
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise FileExistsError(f"{target} exists and is not a directory")
        if any(target.iterdir()) and not overwrite:
            raise FileExistsError(f"{target} exists and is not empty (pass overwrite=True to replace it)")


def _write(target: Path, overwrite: bool, files: dict, manifest: dict, config_text: str) -> Path:
    parent = target.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    partial = parent / f".{target.name}.partial-{secrets.token_hex(4)}"
    os.mkdir(partial)  # honours the umask, unlike tempfile.mkdtemp's 0700
    try:
        for name, array in files.items():
            np.save(partial / f"{name}.npy", array, allow_pickle=False)
        (partial / "config.yaml").write_text(config_text, encoding="utf-8")
        (partial / "ensemble.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _check_target(target, overwrite)
        if target.exists():
            if any(target.iterdir()):
                old = parent / f".{target.name}.replaced-{secrets.token_hex(4)}"
                os.rename(target, old)
                os.rename(partial, target)
                shutil.rmtree(old, ignore_errors=True)
                return target
            os.rmdir(target)
        os.rename(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return target
