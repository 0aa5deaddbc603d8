"""Shared JSON encoding for the interop scripts: exact, JSON-safe values.

- numpy arrays become {"dtype": <numpy dtype str>, "shape": [...], "data": [...]}
  with data in C order, flattened.
- 64-bit integers are written as decimal strings (JSON numbers lose precision past 2**53).
- non-finite floats are written as "nan", "inf", "-inf".
- bytes are decoded as UTF-8 (errors replaced) and tagged {"bytes": "..."}.
"""
import json
import math
import sys

import numpy as np


def enc_scalar(x, dtype=None):
    if isinstance(x, (bytes, np.bytes_)):
        return {"bytes": bytes(x).decode("utf-8", "replace")}
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        if dtype is not None and dtype.kind in "iu" and dtype.itemsize == 8:
            return str(int(x))
        return int(x)
    if isinstance(x, (float, np.floating)):
        f = float(x)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    if isinstance(x, (str, np.str_)):
        return str(x)
    if isinstance(x, np.ndarray):
        return enc_array(x)
    if isinstance(x, (list, tuple)):
        return [enc_scalar(v) for v in x]
    return {"repr": repr(x)}


def enc_array(a):
    a = np.asarray(a)
    flat = a.reshape(-1) if a.ndim else a.reshape(1)
    if a.dtype.kind == "O":
        data = [enc_scalar(v) for v in flat]
    else:
        data = [enc_scalar(v, a.dtype) for v in flat]
    return {"dtype": a.dtype.str, "shape": [int(d) for d in a.shape], "data": data}


def enc_attr(v):
    """An attribute as PyTables (or h5py) returns it, with its Python type name."""
    out = {"pytype": type(v).__name__}
    if isinstance(v, np.ndarray):
        out.update(enc_array(v))
    elif isinstance(v, np.generic):
        out["dtype"] = v.dtype.str
        out["value"] = enc_scalar(v, v.dtype)
    else:
        out["value"] = enc_scalar(v)
    return out


def emit(obj):
    text = json.dumps(obj, allow_nan=False)
    sys.stdout.write(text + "\n")
