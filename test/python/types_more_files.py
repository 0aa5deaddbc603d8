"""Files of the more element types, and how PyTables and h5py see them
(test/interop/types-more.test.ts).

usage: types_more_files.py make DIR   writes DIR/pt.h5 (PyTables) and DIR/h5.h5 (h5py): complex,
                                      float16, enum and big-endian leaves, complex, enum and
                                      compound attributes; prints {} when done
       types_more_files.py read FILE  prints {"nodes": {path: node}} for every leaf of FILE as
                                      PyTables reads it (node: repr, atom, dtype, shape, data,
                                      enum, attrs: {name: {repr, value}}) and {"h5py": {path:
                                      {dtype, data}}} as h5py reads it
Complex data is encoded interleaved (re, im) as floats.
"""
import os
import sys
import warnings

import h5py
import numpy as np
import tables as tb

from _enc import emit, enc_array, enc_scalar

warnings.simplefilter("ignore")

COLORS = tb.Enum(["red", "green", "blue"])


def make(d):
    with tb.open_file(os.path.join(d, "pt.h5"), "w") as f:
        f.create_array("/", "c128", np.array([[1 + 2j, 3 - 4j], [0.5j, -1.25]]), "C128")
        f.create_array("/", "c64", np.array([1.5 - 2j, np.nan + 1j], dtype="c8"), "C64")
        f.create_array("/", "f16", np.array([0.1, 65504, 70000, 1e-7, -2.5], dtype="f2"), "F16")
        f.create_array("/", "be", np.array([1, -2, 300], dtype=">i4"), "BE")
        f.create_array("/", "bef", np.array([[1.5, -2.25]], dtype=">f8"), "BEF")
        ca = f.create_carray("/", "cca", atom=tb.ComplexAtom(16, shape=(2,), dflt=1 + 2j), shape=(3,))
        ca[0] = [5 + 6j, 7 - 8j]
        f.create_carray("/", "hca", atom=tb.Float16Atom(dflt=0.1), shape=(4,))
        ea = f.create_earray("/", "ea", atom=tb.EnumAtom(COLORS, "green", base="uint8"), shape=(0,))
        ea.append(np.array([0, 1, 2, 1], dtype="u1"))
        f.create_carray("/", "eca", atom=tb.EnumAtom({"lo": -1, "hi": 7}, "lo", base="int16"), shape=(2, 2))
        a = f.root.c128.attrs
        a.cx = 1 + 2j
        a.cx64 = np.complex64(0.5 - 1j)
        a.cxa = np.array([1 + 2j, 3 - 4j], dtype="c8")
        a.h = np.float16(0.1)
        a.ha = np.array([1.5, 0.1], dtype="f2")
    with h5py.File(os.path.join(d, "h5.h5"), "w") as f:
        et = h5py.enum_dtype({"red": 0, "green": 1, "blue": 2}, basetype="u1")
        f.create_dataset("enum", data=np.array([0, 1, 2, 1], dtype="u1"), dtype=et)
        f.create_dataset("c", data=np.array([1 + 2j, -3.5j]))
        f.create_dataset("h", data=np.array([[0.1, 2], [3, 65504]], dtype="f2"))
        f.create_dataset("be", data=np.arange(4, dtype=">u2"))
        f.create_dataset("bec", data=np.array([1 - 1j], dtype=">c16"))
        d5 = f.create_dataset("plain", data=np.arange(3.0))
        d5.attrs["cx"] = 1 + 2j
        d5.attrs["cxa"] = np.array([[1 + 2j], [3 - 4j]], dtype="c8")
        d5.attrs["ea"] = np.array(1, dtype=h5py.enum_dtype({"x": 0, "y": 1}, basetype="i4"))
        rec = np.dtype([("a", "i4"), ("b", "f8"), ("s", "S3")])
        d5.attrs["rec"] = np.array((1, 2.5, b"ab"), dtype=rec)[()]
        d5.attrs["recs"] = np.array([(1, 2.5, b"ab"), (3, 4.5, b"xyz")], dtype=rec)
        d5.attrs["h"] = np.float16(0.1)
    emit({})


def interleaved(a):
    a = np.asarray(a)
    if a.dtype.kind == "c":
        out = enc_array(np.ascontiguousarray(a).view(a.real.dtype))
        out["dtype"] = a.dtype.str
        out["shape"] = [int(n) for n in a.shape]
        return out
    return enc_array(a)


def attr_value(v):
    if isinstance(v, (np.ndarray, np.generic)) and v.dtype.names:
        return {"records": [[enc_scalar(x) for x in r] for r in np.atleast_1d(v).tolist()]}
    if isinstance(v, (complex, np.complexfloating)):
        return {"complex": [float(v.real), float(v.imag)], "dtype": np.asarray(v).dtype.str}
    if isinstance(v, np.ndarray):
        return interleaved(v)
    if isinstance(v, np.generic):
        return {"dtype": v.dtype.str, "value": enc_scalar(v)}
    return {"value": None if v is None else enc_scalar(v)}


def read(path):
    nodes = {}
    with tb.open_file(path) as f:
        for leaf in f.walk_nodes("/", "Leaf"):
            node = {"repr": repr(leaf), "class": type(leaf).__name__, "attrs": {}}
            if hasattr(leaf, "atom"):
                node["atom"] = repr(leaf.atom)
                node["data"] = interleaved(leaf.read())
                node["byteorder"] = leaf.byteorder
                if leaf.atom.kind == "enum":
                    node["enum"] = repr(leaf.get_enum())
            for name in leaf.attrs._v_attrnamesuser:
                v = leaf.attrs[name]
                node["attrs"][name] = {"repr": repr(v), **attr_value(v)}
            nodes[leaf._v_pathname] = node
    h5 = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                h5["/" + name] = {"dtype": obj.dtype.str, "data": interleaved(obj[()])}
        f.visititems(visit)
    emit({"nodes": nodes, "h5py": h5})


if sys.argv[1] == "make":
    make(sys.argv[2])
else:
    read(sys.argv[2])
