"""Write VLArrays with PyTables 3.7 (every atom kind) and vlen datasets with h5py 3.7.

usage: pt_vlarray_write.py PT_PATH H5PY_PATH
Prints {"pt": {path: {"str", "repr", "rows", "chunkshape"}}, "h5py": {path: rows}}: what
PyTables and h5py read back. Rows: numbers as flat lists, vlstring as UTF-8 text, vlunicode
as text, ObjectAtom rows as their stored pickle bytes (a list of ints, read by
h5py), with "objects": what PyTables unpickles them to (repr).
"""
import sys
import warnings

import h5py
import numpy as np
import tables

from _enc import emit

warnings.simplefilter("ignore")
pt_path, h5py_path = sys.argv[1], sys.argv[2]


def row_json(atom, row):
    if atom.kind == "vlstring":
        return row.decode("utf-8")
    if atom.kind == "vlunicode":
        return row
    if atom.kind == "object":
        return None  # the stored bytes come from h5py below
    if row.dtype.kind in "iu" and row.dtype.itemsize == 8:
        return [str(int(v)) for v in row.ravel()]
    return [v.item() for v in row.ravel()]


with tables.open_file(pt_path, "w", title="VL") as f:
    v = f.create_vlarray("/", "ints", tables.Int32Atom(), "Ints")
    for row in ([1, 2, 3], [], [-4]):
        v.append(row)
    v = f.create_vlarray("/", "bytes", tables.UInt8Atom(), "U8", expectedrows=50000)
    v.append([0, 255])
    v = f.create_vlarray("/", "big", tables.Int64Atom(), "I64")
    v.append(np.array([2**62, -(2**62)], dtype="int64"))
    v = f.create_vlarray("/", "flags", tables.BoolAtom(), "B")
    v.append([True, False, True])
    v = f.create_vlarray("/", "pairs", tables.Float64Atom(shape=(2,)), "Pairs",
                         filters=tables.Filters(complevel=1))
    v.append([[1.5, 2.5], [3.5, 4.5]])
    v.append(np.zeros((0, 2)))
    v = f.create_vlarray("/", "text", tables.VLStringAtom(), "Text",
                         filters=tables.Filters(complevel=5, complib="blosc:lz4"))
    for row in (b"hello", b"", "h\u00e9llo".encode("utf-8")):
        v.append(row)
    v = f.create_vlarray("/", "uni", tables.VLUnicodeAtom(), "Uni")
    for row in ("h\u00e9llo \u20ac", "", "\U0001f600"):
        v.append(row)
    v = f.create_vlarray("/", "objs", tables.ObjectAtom(), "Obj")
    v.append({"a": 1})
    v.append([1, 2])

out = {"pt": {}, "h5py": {}}
with tables.open_file(pt_path) as f:
    for n in f.walk_nodes("/", "VLArray"):
        out["pt"][n._v_pathname] = {
            "str": str(n), "repr": repr(n), "chunkshape": [int(c) for c in n.chunkshape],
            "rows": [row_json(n.atom, r) for r in n.read()],
        }

with h5py.File(pt_path) as h:
    # ObjectAtom rows: the pickles as stored, and what PyTables unpickles them to.
    out["pt"]["/objs"]["rows"] = [[int(b) for b in r] for r in h["objs"][:]]
with tables.open_file(pt_path) as f:
    out["pt"]["/objs"]["objects"] = [repr(r) for r in f.root.objs.read()]

with h5py.File(h5py_path, "w") as h:
    d = h.create_dataset("vi", (3,), dtype=h5py.vlen_dtype(np.dtype("int32")))
    d[0] = [1, 2]
    d[1] = []
    d[2] = [3, 4, 5]
    d = h.create_dataset("vf", (2,), dtype=h5py.vlen_dtype(np.dtype("float64")), chunks=(4,), maxshape=(None,))
    d[0] = [1.5]
    d[1] = [2.5, 3.5]
    d = h.create_dataset("flags", (2,), dtype=h5py.vlen_dtype(np.dtype("bool")), chunks=(2,), maxshape=(None,))
    d[0] = [True, False]
    d[1] = []
    d = h.create_dataset("be", (1,), dtype=h5py.vlen_dtype(np.dtype(">i4")))
    d[0] = [1, -2]
    # h5py 3.7 reads big-endian sequences back byte-swapped (h5dump shows (1, -2)): the
    # written values are reported instead of its read.
    out["h5py"]["/be"] = [[1, -2]]
    d = h.create_dataset("grid", (2, 2), dtype=h5py.vlen_dtype(np.dtype("uint16")))
    d[1, 1] = [2, 3]
with h5py.File(h5py_path) as h:
    for name in ("vi", "vf", "flags"):
        out["h5py"]["/" + name] = [[v.item() for v in r] for r in h[name][:]]
emit(out)
