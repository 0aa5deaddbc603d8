"""Read every VLArray of a file (written by h5tables) with PyTables 3.7 and h5py 3.7.

usage: pt_vlarray_read.py PATH [--image]   (--image: PyTables opens PATH's bytes as an image)
Prints {path: {"str", "repr", "atom", "chunkshape", "filters", "rows", "h5py"}}, rows as
pt_vlarray_write.py encodes them; "h5py": h5py's rows (flat lists of numbers; bytes as
lists of ints).
"""
import sys
import warnings

import h5py
import tables

from _enc import emit

warnings.simplefilter("ignore")
path = sys.argv[1]


def row_json(atom, row):
    if atom.kind == "vlstring":
        return row.decode("utf-8")
    if atom.kind == "vlunicode":
        return row
    if atom.kind == "object":
        return repr(row)
    if row.dtype.kind in "iu" and row.dtype.itemsize == 8:
        return [str(int(v)) for v in row.ravel()]
    return [v.item() for v in row.ravel()]


if "--image" in sys.argv[2:]:
    with open(path, "rb") as fh:
        f = tables.open_file("vlarray-image.h5", "r", driver="H5FD_CORE",
                             driver_core_image=fh.read(), driver_core_backing_store=0)
else:
    f = tables.open_file(path)
out = {}
with f:
    for n in f.walk_nodes("/", "VLArray"):
        out[n._v_pathname] = {
            "str": str(n), "repr": repr(n), "atom": repr(n.atom), "chunkshape": [int(c) for c in n.chunkshape],
            "filters": repr(n.filters), "rows": [row_json(n.atom, r) for r in n.read()],
        }
with h5py.File(path) as h:
    for key in out:
        d = h[key]
        try:
            out[key]["h5py"] = [[v.item() for v in r.ravel()] for r in d[:]]
        except ValueError as e:  # h5py 3.7 cannot read some empty rows (a NULL sequence)
            out[key]["h5py"] = {"error": str(e)}
emit(out)
