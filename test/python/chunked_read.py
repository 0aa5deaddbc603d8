"""Describe every leaf of a file (written by h5tables) as PyTables 3.7 and h5py 3.7 see it.

usage: chunked_read.py PATH [--image]   (--image: PyTables opens PATH's bytes with driver_core_image)
Prints {"nodes": {path: {"pt": {...}, "h5py": {...}}}}: PyTables' class, title, str, repr,
dtype, shape, chunkshape, extdim, nrows, filters and data (read()); h5py's maxshape,
chunks, filter ids and data.
"""
import sys
import warnings

import h5py
import numpy as np
import tables

from _enc import emit, enc_array

warnings.simplefilter("ignore")
path = sys.argv[1]
nodes = {}
if "--image" in sys.argv[2:]:
    with open(path, "rb") as fh:
        f = tables.open_file("chunked-read-image.h5", "r", driver="H5FD_CORE",
                             driver_core_image=fh.read(), driver_core_backing_store=0)
else:
    f = tables.open_file(path, "r")
with f:
    for n in f.walk_nodes("/", "Leaf"):
        flt = n.filters
        nodes[n._v_pathname] = {"pt": {
            "class": type(n).__name__,
            "title": n._v_title,
            "str": str(n),
            "repr": repr(n),
            "dtype": n.dtype.str,
            "shape": [int(d) for d in n.shape],
            "chunkshape": None if n.chunkshape is None else [int(d) for d in n.chunkshape],
            "extdim": int(getattr(n, "extdim", -1)),
            "nrows": int(n.nrows),
            "filters": {"complib": flt.complib, "complevel": int(flt.complevel),
                        "shuffle": bool(flt.shuffle), "bitshuffle": bool(flt.bitshuffle),
                        "fletcher32": bool(flt.fletcher32)},
            "data": enc_array(n.read()),
        }}
if "--image" not in sys.argv[2:]:
    with h5py.File(path, "r") as h:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                plist = obj.id.get_create_plist()
                ids = [plist.get_filter(k)[0] for k in range(plist.get_nfilters())]
                nodes.setdefault("/" + name, {})["h5py"] = {
                    "maxshape": list(obj.maxshape),
                    "chunks": None if obj.chunks is None else list(obj.chunks),
                    "filters": ids,
                    "data": enc_array(obj[()]),
                }
        h.visititems(visit)
emit({"nodes": nodes})
