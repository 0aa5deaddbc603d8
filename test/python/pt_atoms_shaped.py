"""Shaped atoms and atom defaults in CArrays and EArrays, for test/model/atoms-shaped.test.ts.

usage: pt_atoms_shaped.py write OUT_PATH   PyTables 3.7 writes the leaves below, then reads them
       pt_atoms_shaped.py read PATH        describes the leaves of PATH (h5tables writes the same)
The leaves (i: the C-order element index):
  /cs    CArray Int32Atom(shape=(2,), dflt=3), shape (4,), then cs[1] = [9, 8]
  /cf    CArray Float64Atom(shape=(3, 2)), shape (5,), every element i * 0.5
  /cstr  CArray StringAtom(8, shape=(2,), dflt=b'ab'), shape (3,), then cstr[2] = [b'x', b'yz']
  /c7    CArray Int32Atom(dflt=7), shape (4, 3), nothing written
  /cb    CArray BoolAtom(dflt=True), shape (3,), nothing written
  /ci64  CArray Int64Atom(dflt=-5), shape (3,), nothing written
  /cz    CArray Int16Atom(shape=(3,)), shape (10,), Filters(5, 'blosc:lz4'), every element i - 7
  /e7    EArray Int32Atom(shape=(2,), dflt=7), shape (0, 3): 2 rows of ones, then truncate(4)
Prints {"nodes": {path: {"repr", "atom", "shape", "chunkshape", "data", "fill", "filters"}}}:
PyTables' repr(leaf) and repr(leaf.atom), read(), and h5py's fill value status
(fill_value_defined: 1 default, 2 user-defined) and (id, cd_values) of each filter.
"""
import sys
import warnings

import h5py
import numpy as np
import tables as tb

from _enc import emit, enc_array

warnings.simplefilter("ignore")
mode, path = sys.argv[1], sys.argv[2]

if mode == "write":
    with tb.open_file(path, "w") as f:
        cs = f.create_carray("/", "cs", tb.Int32Atom(shape=(2,), dflt=3), (4,))
        cs[1] = [9, 8]
        cf = f.create_carray("/", "cf", tb.Float64Atom(shape=(3, 2)), (5,))
        cf[:] = (np.arange(30) * 0.5).reshape(5, 3, 2)
        cstr = f.create_carray("/", "cstr", tb.StringAtom(8, shape=(2,), dflt=b"ab"), (3,))
        cstr[2] = [b"x", b"yz"]
        f.create_carray("/", "c7", tb.Int32Atom(dflt=7), (4, 3))
        f.create_carray("/", "cb", tb.BoolAtom(dflt=True), (3,))
        f.create_carray("/", "ci64", tb.Int64Atom(dflt=-5), (3,))
        cz = f.create_carray("/", "cz", tb.Int16Atom(shape=(3,)), (10,),
                             filters=tb.Filters(5, "blosc:lz4"))
        cz[:] = (np.arange(30) - 7).astype("int16").reshape(10, 3)
        e7 = f.create_earray("/", "e7", tb.Int32Atom(shape=(2,), dflt=7), (0, 3))
        e7.append(np.ones((2, 3, 2), dtype="int32"))
        e7.truncate(4)

nodes = {}
with tb.open_file(path, "r") as f:
    for n in f.walk_nodes("/", "Leaf"):
        nodes[n._v_pathname] = {
            "repr": repr(n),
            "atom": repr(n.atom),
            "shape": [int(d) for d in n.shape],
            "chunkshape": [int(d) for d in n.chunkshape],
            "data": enc_array(n.read()),
        }
with h5py.File(path, "r") as h:
    for name, d in h.items():
        plist = d.id.get_create_plist()
        filters = [plist.get_filter(k) for k in range(plist.get_nfilters())]
        nodes["/" + name]["fill"] = int(plist.fill_value_defined())
        nodes["/" + name]["filters"] = [[int(x[0]), [int(v) for v in x[2]]] for x in filters]
emit({"nodes": nodes})
