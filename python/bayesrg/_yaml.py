"""A tiny YAML writer for bayesrg configuration files (no PyYAML needed).

It writes the subset a configuration uses: nested maps of identifiers, lists, strings, booleans,
integers, finite floats and null. Maps are written as block maps, lists in flow style
(``[1.0, 2.0]``, ``[{width: 10, activation: relu, bias: false}]``). Floats always carry a decimal
point and a signed exponent where they have one (``1.0e-06``), so that YAML 1.1 parsers (bayesrg's
Java loader among them) read them as floats, not strings.
"""

from __future__ import annotations

import json
import math
import numbers
import re

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
# words a YAML 1.1 or 1.2 parser would read as something other than a string
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "~"}


def _key(key) -> str:
    if not isinstance(key, str):
        raise ValueError(f"configuration key {key!r} is not a string")
    return key if _PLAIN.match(key) and key.lower() not in _RESERVED else json.dumps(key)


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"configuration value {value!r} is not a finite number")
    text = repr(float(value))
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    if not exponent:
        return mantissa
    if exponent[0] not in "+-":
        exponent = "+" + exponent
    return f"{mantissa}e{exponent}"


def scalar(value) -> str:
    """One value in flow style."""
    if value is None:
        return "null"
    if isinstance(value, bool) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "b"):
        return "true" if bool(value) else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return _float(float(value))
    if isinstance(value, str):
        plain = _PLAIN.match(value) and value.lower() not in _RESERVED
        return value if plain else json.dumps(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and hasattr(value, "ndim")):
        items = value.tolist() if hasattr(value, "tolist") else value
        return "[" + ", ".join(scalar(v) for v in items) + "]"
    raise ValueError(f"configuration value {value!r} of type {type(value).__name__} cannot be written as YAML")


def dump(tree: dict, indent: int = 0) -> str:
    """The map ``tree`` as a block map: sub-maps nested, every other value in flow style."""
    lines = []
    pad = "  " * indent
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{_key(key)}:")
            lines.append(dump(value, indent + 1).rstrip("\n"))
        else:
            lines.append(f"{pad}{_key(key)}: {scalar(value)}")
    return "\n".join(lines) + "\n"
