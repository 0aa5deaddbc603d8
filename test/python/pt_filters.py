"""PyTables' Filters, pipelines and chunk shapes, for test/model/filters.test.ts and
chunkshape.test.ts.

usage: pt_filters.py COMMAND JSON [FILE]
  repr JSON          JSON: a list of Filters keyword dicts; prints {"results": [repr or
                     {"error": exception class name}]}, and each one's packed FILTERS int
  write FILE JSON [ROOT]  (ROOT: open_file's filters keywords)
                     JSON: a list of {"name", "class": "CArray"|"EArray", "dtype" (numpy),
                     "shape", "filters": kwargs, "expectedrows"?}; PyTables writes them
  h5py FILE JSON     JSON: a list of {"name", "dtype", "shape", "chunks", "kwargs"}: h5py's
                     create_dataset keywords (compression, compression_opts, shuffle, ...)
  read FILE          prints {"leaves": [{"path", "pipeline": [[id, flags, cd_values, name]],
                     "filters": repr(leaf.filters), "str": str(leaf), "chunkshape"}],
                     "root": repr(file.filters), "groups": [{"path", "filters", "has"}]}
  readmany FILE...   prints {"files": [what read prints, for each FILE]}
  quantize JSON      JSON: a list of {"lsd", "dtype", "values"}: PyTables' quantize of each
  chunkshape JSON    JSON: a list of {"class", "dtype", "shape", "atomshape"?, "expectedrows"?};
                     prints the chunkshape PyTables gives each (in memory, nothing on disk)
Importing tables first registers PyTables' blosc and bzip2 filters in the libhdf5 h5py
uses too (Debian's h5py and PyTables share it).
"""
import json
import sys
import warnings

import numpy as np
import tables as tb
import h5py

from _enc import emit

warnings.simplefilter("ignore")


def atom(dtype, shape=()):
    return tb.Atom.from_dtype(np.dtype((dtype, tuple(shape))) if shape else np.dtype(dtype))


def do_repr(cases):
    out = []
    for kw in cases:
        try:
            f = tb.Filters(**kw)
            out.append({"repr": repr(f), "packed": str(int(f._pack()))})
        except Exception as e:  # the class is what the test compares
            out.append({"error": type(e).__name__})
    return {"results": out}


def do_write(path, specs, root=None):
    kw = {"filters": tb.Filters(**root)} if root is not None else {}
    with tb.open_file(path, "w", **kw) as f:
        for s in specs:
            filters = tb.Filters(**s["filters"])
            a = atom(s["dtype"])
            if s["class"] == "CArray":
                f.create_carray("/", s["name"], a, tuple(s["shape"]), filters=filters)
            else:
                f.create_earray("/", s["name"], a, tuple(s["shape"]), filters=filters,
                                expectedrows=s.get("expectedrows", 1000))
    return {"ok": True}


def do_h5py(path, specs):
    with h5py.File(path, "w") as f:
        for s in specs:
            kw = dict(s["kwargs"])
            if isinstance(kw.get("compression_opts"), list):
                kw["compression_opts"] = tuple(kw["compression_opts"])
            f.create_dataset(s["name"], tuple(s["shape"]), s["dtype"], chunks=tuple(s["chunks"]), **kw)
    return {"ok": True}


def pipeline(h, path):
    plist = h[path].id.get_create_plist()
    out = []
    for k in range(plist.get_nfilters()):
        fid, flags, values, name = plist.get_filter(k)
        out.append([int(fid), int(flags), [int(v) for v in values], name.decode()])
    return out


def do_read(path):
    leaves = []
    with tb.open_file(path, "r") as f, h5py.File(path, "r") as h:
        root = repr(f.filters)
        root_attrs = repr(f.root._v_attrs)
        for leaf in f.walk_nodes("/", "Leaf"):
            p = leaf._v_pathname
            leaves.append({"path": p, "pipeline": pipeline(h, p), "filters": repr(leaf.filters),
                           "str": str(leaf),
                           "chunkshape": list(map(int, leaf.chunkshape)) if leaf.chunkshape else None})
        groups = [{"path": g._v_pathname, "filters": repr(g._v_filters), "has": "FILTERS" in g._v_attrs}
                  for g in f.walk_groups("/")]
    return {"leaves": leaves, "root": root, "rootAttrs": root_attrs, "groups": groups}


def do_chunkshape(cases):
    out = []
    with tb.open_file("chunks.h5", "w", driver="H5FD_CORE", driver_core_backing_store=0) as f:
        for i, c in enumerate(cases):
            a = atom(c["dtype"], c.get("atomshape", ()))
            if c["class"] == "CArray":
                n = f.create_carray("/", "n%d" % i, a, tuple(c["shape"]))
            else:
                n = f.create_earray("/", "n%d" % i, a, tuple(c["shape"]),
                                    expectedrows=c.get("expectedrows", 1000))
            out.append(list(map(int, n.chunkshape)))
    return {"results": out}


def do_quantize(cases):
    from tables.utils import quantize
    out = []
    for c in cases:
        data = np.array(c["values"], dtype=c["dtype"])
        q = quantize(data, np.int8(c["lsd"]))
        out.append([float(x) for x in q.astype(c["dtype"])])
    return {"results": out}


cmd = sys.argv[1]
if cmd == "repr":
    emit(do_repr(json.loads(sys.argv[2])))
elif cmd == "write":
    emit(do_write(sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4]) if len(sys.argv) > 4 else None))
elif cmd == "h5py":
    emit(do_h5py(sys.argv[2], json.loads(sys.argv[3])))
elif cmd == "read":
    emit(do_read(sys.argv[2]))
elif cmd == "readmany":
    emit({"files": [do_read(p) for p in sys.argv[2:]]})
elif cmd == "quantize":
    emit(do_quantize(json.loads(sys.argv[2])))
elif cmd == "chunkshape":
    emit(do_chunkshape(json.loads(sys.argv[2])))
else:
    raise SystemExit("unknown command " + cmd)
