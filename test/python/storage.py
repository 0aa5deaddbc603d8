"""Chunked, filtered, extendible datasets: made by PyTables and h5py, and described by h5py.

usage: storage.py make SPEC_JSON PYTABLES_FILE H5PY_FILE
         Each case of the spec (a JSON list of {name, dtype, shape, chunkshape, maxshape,
         pytables?: Filters keyword arguments, h5py?: create_dataset keyword arguments}) is
         written by PyTables (a CArray, or an EArray when maxshape has a null; its data
         appended) and/or by h5py, with the values below. Prints {"ok": true}.
       storage.py describe FILE [FILE ...]
         Prints {"files": [{"<dataset name>": view}]}, h5py's view of every dataset in the
         root group: {"shape", "chunks" (null when contiguous), "maxshape" (null for
         unlimited), "filters": [{"id", "cdValues", "optional", "name"}], "data" (null when
         h5py cannot read it)}.

Values: element i (in C order) is (i % 113) * 0.5 - 7 cast to the dtype (test/native/storage.test.ts
computes the same).
Importing tables first registers PyTables' blosc and bzip2 filters in the libhdf5 h5py uses
too (Debian's h5py and PyTables share it); h5py has lzf built in.
"""
import json
import sys

import tables
import h5py
import numpy as np

from _enc import emit, enc_array


def values(dtype, shape):
    n = int(np.prod(shape)) if shape else 1
    i = np.arange(n)
    return ((i % 113) * 0.5 - 7).astype(dtype).reshape(shape)


def make(spec, pt_path, h5py_path):
    with tables.open_file(pt_path, "w") as pt, h5py.File(h5py_path, "w") as hf:
        for case in spec:
            data = values(case["dtype"], case["shape"])
            maxshape = [None if m is None else m for m in case["maxshape"]]
            if "pytables" in case:
                filters = tables.Filters(**case["pytables"])
                atom = tables.Atom.from_dtype(np.dtype(case["dtype"]))
                if None in maxshape:
                    shape = [0 if m is None else m for m in maxshape]
                    e = pt.create_earray("/", case["name"], atom=atom, shape=tuple(shape), filters=filters,
                                         chunkshape=tuple(case["chunkshape"]))
                    if data.size:
                        e.append(data)
                else:
                    pt.create_carray("/", case["name"], atom=atom, shape=tuple(case["shape"]), filters=filters,
                                     chunkshape=tuple(case["chunkshape"]), obj=data)
            if "h5py" in case:
                hf.create_dataset(case["name"], data=data, chunks=tuple(case["chunkshape"]),
                                  maxshape=tuple(maxshape), **case["h5py"])
    emit({"ok": True})


def view(d):
    plist = d.id.get_create_plist()
    filters = []
    for k in range(plist.get_nfilters()):
        fid, flags, cd, name = plist.get_filter(k)
        filters.append({"id": int(fid), "cdValues": [int(v) for v in cd], "optional": bool(flags & 1),
                        "name": name.decode()})
    return {
        "shape": [int(n) for n in d.shape],
        "chunks": None if d.chunks is None else [int(n) for n in d.chunks],
        "maxshape": [None if m is None else int(m) for m in (d.maxshape or ())],
        "filters": filters,
        "data": data(d),
    }


def data(d):
    try:
        return enc_array(d[...])
    except OSError:  # a filter this h5py lacks (lzo, blosc2): the rest of the view still holds
        return None


def describe(paths):
    files = []
    for path in paths:
        with h5py.File(path, "r") as f:
            files.append({name: view(f[name]) for name in f if isinstance(f[name], h5py.Dataset)})
    emit({"files": files})


if sys.argv[1] == "make":
    make(json.loads(sys.argv[2]), sys.argv[3], sys.argv[4])
else:
    describe(sys.argv[2:])
