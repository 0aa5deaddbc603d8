"""Write CArrays and EArrays with PyTables 3.7 (every complib it has) and chunked datasets
with h5py 3.7 (lzf, unlimited dimensions), then describe them as PyTables reads them back.

usage: chunked_write.py OUT_PATH
Values (i is the C-order element index, so the reading side can compute them too):
  /c_<lib>  CArray float64 (50, 7), chunks (16, 4), Filters(5, lib, shuffle): i * 0.5 - 7
  /e_<lib>  EArray int32 (0, 5), chunks (16, 5), Filters(5, lib): 37 rows, then 20: (i * 7919) % 65536 - 32768
  /c_bitshuffle (blosc:lz4, bitshuffle), /c_fletcher (zlib(1), fletcher32): as /c_<lib>
  /e_ext1   EArray int16 (3, 0) grown along dimension 1 to (3, 11): i - 16
  /e_str    EArray StringAtom(6) (0,): 'r0', 'r1', ... 'r12'
  /h5py/lzf       float64 (50, 7), chunks (16, 4), lzf + shuffle: as /c_<lib>
  /h5py/lzf_unl   int32 (9, 5), maxshape (None, 5), lzf: as /e_<lib>
  /h5py/gzip_unl1 float32 (3, 8), maxshape (3, None), gzip 4: i * 0.25
  /h5py/contig    float64 (4, 3), contiguous: i
Prints {"nodes": [{path, class, str, repr, shape, chunkshape, extdim, nrows, data, part}]},
part being read(3, 40, 4) along the main dimension.
"""
import sys
import warnings

import h5py
import numpy as np
import tables

from _enc import emit, enc_array

warnings.simplefilter("ignore")
path = sys.argv[1]
LIBS = ["zlib", "blosc", "blosc:lz4", "blosc:lz4hc", "blosc:zlib", "blosc:zstd", "bzip2"]


def f64(shape):
    return (np.arange(np.prod(shape)) * 0.5 - 7).reshape(shape)


def i32(n, start=0):
    i = np.arange(start * 5, (start + n) * 5, dtype="int64")
    return ((i * 7919) % 65536 - 32768).astype("int32").reshape(n, 5)


def name_of(lib):
    return lib.replace(":", "_")


with tables.open_file(path, "w", title="chunked") as f:
    for lib in LIBS:
        filters = tables.Filters(complevel=5, complib=lib, shuffle=True)
        c = f.create_carray("/", "c_" + name_of(lib), tables.Float64Atom(), (50, 7),
                            "C " + lib, filters=filters, chunkshape=(16, 4))
        c[...] = f64((50, 7))
        e = f.create_earray("/", "e_" + name_of(lib), tables.Int32Atom(), (0, 5),
                            "E " + lib, filters=tables.Filters(5, lib, shuffle=False),
                            chunkshape=(16, 5))
        e.append(i32(37))
        e.append(i32(20, 37))
    c = f.create_carray("/", "c_bitshuffle", obj=f64((50, 7)), chunkshape=(16, 4),
                        filters=tables.Filters(3, "blosc:lz4", shuffle=False, bitshuffle=True))
    c = f.create_carray("/", "c_fletcher", obj=f64((50, 7)), chunkshape=(16, 4),
                        filters=tables.Filters(1, "zlib", fletcher32=True))
    e = f.create_earray("/", "e_ext1", tables.Int16Atom(), (3, 0), "ext 1")
    e.append((np.arange(3 * 11) - 16).astype("int16").reshape(3, 11))
    e = f.create_earray("/", "e_str", tables.StringAtom(6), (0,), "strings")
    e.append([b"r%d" % k for k in range(13)])

with h5py.File(path, "a") as h:
    g = h.create_group("h5py")
    g.create_dataset("lzf", data=f64((50, 7)), chunks=(16, 4), compression="lzf", shuffle=True)
    g.create_dataset("lzf_unl", data=i32(9), maxshape=(None, 5), compression="lzf")
    g.create_dataset("gzip_unl1", data=(np.arange(24) * 0.25).astype("float32").reshape(3, 8),
                     maxshape=(3, None), compression="gzip", compression_opts=4)
    g.create_dataset("contig", data=np.arange(12.0).reshape(4, 3))

nodes = []
with tables.open_file(path, "r") as f:
    for n in f.walk_nodes("/", "Leaf"):
        nodes.append({
            "path": n._v_pathname,
            "class": type(n).__name__,
            "str": str(n),
            "repr": repr(n),
            "shape": [int(d) for d in n.shape],
            "chunkshape": None if n.chunkshape is None else [int(d) for d in n.chunkshape],
            "extdim": int(getattr(n, "extdim", -1)),
            "nrows": int(n.nrows),
            "data": enc_array(n.read()),
            "part": enc_array(n.read(3, 40, 4)),
        })
emit({"nodes": nodes})
