"""Make the file the selection and iteration tests index: PyTables' Array, CArray and
EArray (chunked, compressed), then h5py's chunked gzip and lzf datasets.

usage: pt_make_select.py FILE
prints {"nodes": {path: {"shape": [...], "chunkshape": [...] or null}}}
"""
import sys
import warnings

import numpy as np
import tables
import h5py

from _enc import emit

warnings.simplefilter("ignore")
path = sys.argv[1]

with tables.open_file(path, "w") as f:
    f.create_array("/", "arr3", np.arange(2 * 3 * 4, dtype="i4").reshape(2, 3, 4))
    f.create_array("/", "vec", np.linspace(-1.5, 9.25, 7))
    f.create_array("/", "scalar", np.float64(3.5))
    f.create_array("/", "strs", np.array([[b"ab", b"cde"], [b"f", b"ghij"], [b"", b"k"]], dtype="S4"))
    f.create_array("/", "flags", np.array([[True, False, True], [False, False, True]]))
    f.create_array("/", "i64", np.array([-(2**63), 2**62 + 1, -5, 2**53 + 3], dtype="i8"))
    f.create_array("/", "empty", np.zeros((0, 3), dtype="f4"))
    lz4 = tables.Filters(complevel=5, complib="blosc:lz4", shuffle=True)
    c = f.create_carray("/", "carr", tables.Int32Atom(), shape=(7, 5, 6), chunkshape=(2, 2, 3), filters=lz4)
    c[...] = np.arange(7 * 5 * 6, dtype="i4").reshape(7, 5, 6) * 3 - 100
    zl = tables.Filters(complevel=1, complib="zlib")
    e = f.create_earray("/", "earr", tables.Float64Atom(), shape=(0, 4), chunkshape=(3, 4), filters=zl)
    for k in range(4):
        e.append((np.arange(12, dtype="f8").reshape(3, 4) + 12 * k) / 4)
    # Rows of 8000 bytes: PyTables' 1 MiB buffer holds 131 of them, so 300 rows are 3 blocks.
    big = f.create_carray("/", "big", tables.Float64Atom(), shape=(300, 1000), chunkshape=(7, 128),
                          filters=tables.Filters(complevel=1, complib="blosc:zstd", shuffle=True))
    big[...] = np.arange(300 * 1000, dtype="f8").reshape(300, 1000) / 8
    # 1-D int64 of 300000: 131072 per 1 MiB buffer, so three blocks.
    f.create_carray("/", "lvec", tables.Int64Atom(), obj=np.arange(300000, dtype="i8") * (2**40 + 7),
                    chunkshape=(4096,), filters=tables.Filters(complevel=9, complib="bzip2"))

with h5py.File(path, "a") as f:
    f.create_dataset("gz", data=np.arange(9 * 8, dtype="<i2").reshape(9, 8) - 30, chunks=(4, 3),
                     compression="gzip", compression_opts=6, shuffle=True)
    f.create_dataset("lzf", data=np.arange(50, dtype=">f4") / 3, chunks=(7,), compression="lzf")
    f.create_dataset("vlen", data=np.array(["x", "yz", "w\u00e9"], dtype=object),
                     dtype=h5py.string_dtype())
    # An H5T_ARRAY element type (PyTables' shaped atom): keys index the 5 rows only.
    atom = f.create_dataset("atom", shape=(5,), dtype=np.dtype(("<i4", (2,))), chunks=(2,), compression="gzip")
    atom[...] = np.arange(10, dtype="<i4").reshape(5, 2) - 4

nodes = {}
with tables.open_file(path, "r") as f:
    for node in f.walk_nodes("/", "Leaf"):
        nodes[node._v_pathname] = {
            "shape": [int(d) for d in node.shape],
            "chunkshape": None if node.chunkshape is None else [int(d) for d in node.chunkshape],
        }
emit({"nodes": nodes})
