"""Dump an HDF5 file as PyTables sees it, as JSON.

usage: pt_dump.py PATH            open PATH from disk (read-only, default driver)
       pt_dump.py --image PATH    read PATH's bytes and open them with
                                  driver_core_image (no backing store)
"""
import sys
import warnings

import numpy as np
import tables

from _enc import enc_array, enc_attr, emit


def dump(f):
    nodes = []
    for node in f.walk_nodes("/"):
        attrs = node._v_attrs
        entry = {
            "path": node._v_pathname,
            "class": type(node).__name__,
            "classid": getattr(node, "_c_classid", None),
            "title": node._v_title,
            "sysattrs": {n: enc_attr(getattr(attrs, n)) for n in attrs._v_attrnamessys},
            "attrs": {n: enc_attr(getattr(attrs, n)) for n in attrs._v_attrnamesuser},
        }
        if isinstance(node, tables.Leaf) and not isinstance(node, tables.UnImplemented):
            entry["atom"] = node.atom.type
            entry["dtype"] = node.dtype.str
            entry["shape"] = [int(d) for d in node.shape]
            entry["nrows"] = int(node.nrows)
            entry["value"] = enc_array(np.asarray(node.read()))
        nodes.append(entry)
    return {"title": f.title, "nodes": nodes}


def main():
    # Unsupported types (h5py enums, vlen strings) warn on stderr; the dump says what loaded.
    warnings.simplefilter("ignore")
    args = sys.argv[1:]
    if args[0] == "--image":
        with open(args[1], "rb") as fh:
            image = fh.read()
        f = tables.open_file("pt-image-in-memory.h5", "r", driver="H5FD_CORE",
                             driver_core_image=image, driver_core_backing_store=0)
    else:
        f = tables.open_file(args[0], "r")
    try:
        emit(dump(f))
    finally:
        f.close()


main()
