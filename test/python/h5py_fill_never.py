"""Datasets whose fill rules leave unwritten elements unfilled, written with h5py 3.7.

usage: h5py_fill_never.py PATH
HDF5 leaves a read's buffer as it was where such a dataset has no storage: a reader that
does not zero it first hands out stale memory. Each is 4096 elements (32 KiB of float64,
small enough to come from the heap rather than fresh pages):
  /chunked   float64, chunks of 512, H5D_FILL_TIME_NEVER, elements 0..511 written as 7
  /contig    float64, contiguous, H5D_FILL_TIME_NEVER, never written (no storage)
  /records   {a: int32, b: float64}, chunks of 512, H5D_FILL_TIME_NEVER, record 0 = (5, 2.5)
  /written   float64, contiguous, every element 9 (to leave non-zero memory behind)
Prints {path: [count of non-zero elements as h5py reads them]}.
"""
import sys

import h5py
import numpy as np
from h5py import h5d, h5p, h5s, h5t

from _enc import emit

N = 4096
path = sys.argv[1]


def never(f, name, type_id, chunk):
    dcpl = h5p.create(h5p.DATASET_CREATE)
    if chunk:
        dcpl.set_chunk((chunk,))
        dcpl.set_alloc_time(h5d.ALLOC_TIME_INCR)
    else:
        dcpl.set_alloc_time(h5d.ALLOC_TIME_LATE)
    dcpl.set_fill_time(h5d.FILL_TIME_NEVER)
    return h5py.Dataset(h5d.create(f.id, name, type_id, h5s.create_simple((N,)), dcpl=dcpl))


with h5py.File(path, "w") as f:
    never(f, b"chunked", h5t.NATIVE_DOUBLE, 512)[0:512] = 7.0
    never(f, b"contig", h5t.NATIVE_DOUBLE, 0)
    rec = np.dtype([("a", "<i4"), ("b", "<f8")])
    never(f, b"records", h5t.py_create(rec), 512)[0] = np.array((5, 2.5), dtype=rec)
    f["written"] = np.full(N, 9.0)

out = {}
with h5py.File(path, "r") as f:
    for name in ("chunked", "contig", "written"):
        out["/" + name] = int(np.count_nonzero(f[name][:]))
    r = f["records"][:]
    out["/records"] = int(np.count_nonzero(r["a"])) + int(np.count_nonzero(r["b"]))
emit(out)
