"""Array atoms and fill values as h5py 3.7 sees them, for test/native/atoms-fill.test.ts.

usage: h5py_atoms_fill.py read PATH    describes every dataset of PATH
       h5py_atoms_fill.py write PATH   writes, then describes, chunked datasets with fill values:
         /f5 int32 (4,) fillvalue 5; /fs S6 (3,) fillvalue b'xy'; /fd float64 (2, 2) fillvalue -1.5;
         /f0 int32 (3,) fillvalue 0 (user-defined, though zero); /nofill int16 (3,)
Prints {"datasets": {path: {"base", "subshape", "shape", "fill_defined", "fillvalue", "data"}}}:
the element's base dtype, its array dimensions, h5py's fillvalue and the data (the array
atom's dimensions last, as numpy expands them). h5py cannot read an array type's fill
value: for those, "fillvalue" is PyTables' atom.dflt, which PyTables reads from it.
"""
import sys
import warnings

import h5py
import numpy as np
import tables

from _enc import emit, enc_array

warnings.simplefilter("ignore")
mode, path = sys.argv[1], sys.argv[2]
if mode == "write":
    with h5py.File(path, "w") as h:
        h.create_dataset("f5", (4,), dtype="i4", chunks=(2,), fillvalue=5)
        h.create_dataset("fs", (3,), dtype="S6", chunks=(2,), fillvalue=b"xy")
        h.create_dataset("fd", (2, 2), dtype="f8", chunks=(1, 2), fillvalue=-1.5)
        h.create_dataset("f0", (3,), dtype="i4", chunks=(2,), fillvalue=0)
        h.create_dataset("nofill", (3,), dtype="i2", chunks=(2,))

out = {}
with h5py.File(path, "r") as h:
    def visit(name, d):
        if not isinstance(d, h5py.Dataset):
            return
        plist = d.id.get_create_plist()
        if d.dtype.shape:
            fill = None  # filled in from PyTables below
        else:
            fill = np.zeros((), dtype=d.dtype)
            plist.get_fill_value(fill)
        out["/" + name] = {
            "base": d.dtype.base.str,
            "subshape": [int(n) for n in d.dtype.shape],
            "shape": [int(n) for n in d.shape],
            "fill_defined": int(plist.fill_value_defined()),
            "fillvalue": None if fill is None else enc_array(fill),
            "data": enc_array(d[()]),
        }
    h.visititems(visit)
with tables.open_file(path, "r") as f:
    for p, d in out.items():
        if d["fillvalue"] is None:
            d["fillvalue"] = enc_array(f.get_node(p).atom.dflt)
emit({"datasets": out})
