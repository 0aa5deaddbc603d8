"""Datasets for the native write tests (test/native/write.test.ts), made and read by h5py.

usage: h5py_nwrite.py make FILE      writes the datasets below, prints
                                     {"datasets": {name: <description>}}
       h5py_nwrite.py read FILE      prints the same description of every dataset in FILE
A description is {"value": <encoded array>, "shape", "maxshape" (null = unlimited),
"chunks", "filters": [filter ids]}: the tests take the initial values from here and compute
what their writes should leave, so nothing is copied from a run. Importing tables first
registers PyTables' blosc filter in the libhdf5 h5py uses (Debian's h5py and PyTables
share it); h5py has lzf built in.
"""
import sys

import tables  # noqa: F401  (registers blosc 32001)
import h5py
import numpy as np

from _enc import emit, enc_array


def make(path):
    with h5py.File(path, "w") as f:
        f.create_dataset("e1", data=np.arange(10, dtype="f8") / 4, maxshape=(None,), chunks=(4,),
                         compression="gzip", compression_opts=4)
        f.create_dataset("e2", data=np.arange(12, dtype="i4").reshape(3, 4) - 5, maxshape=(None, 4),
                         chunks=(2, 4), compression="gzip", shuffle=True)
        f.create_dataset("e3", data=np.arange(24, dtype="f4").reshape(2, 3, 4), maxshape=(None, 3, None),
                         chunks=(1, 3, 2))
        # blosc:lz4 level 5 with shuffle, as PyTables writes it (its set_local fills the rest).
        f.create_dataset("blosc", data=np.arange(20, dtype="f8").reshape(4, 5) * 1.5, maxshape=(None, 5),
                         chunks=(3, 5), compression=32001, compression_opts=(2, 2, 8, 0, 5, 1, 1))
        f.create_dataset("lzf", data=np.arange(30, dtype="u2").reshape(6, 5), maxshape=(8, 7),
                         chunks=(4, 3), compression="lzf")
        f.create_dataset("contig", data=np.arange(6, dtype="i4") * 10)
        f.create_dataset("grid", data=np.arange(60, dtype="i2").reshape(3, 4, 5))
        f.create_dataset("u8", data=np.array([1, 2, 3, 4], dtype="u1"))
        f.create_dataset("fixed", data=np.array([b"abc", b"defghi", b"j"]), maxshape=(None,), chunks=(2,))
        f.create_dataset("vlen", data=["one", "two"], dtype=h5py.string_dtype(), maxshape=(None,), chunks=(2,))
        f.create_dataset("bools", data=np.array([True, False, True]), maxshape=(None,), chunks=(2,))
        # PyTables' array atom (Float64Atom(shape=(2,))): an H5T_ARRAY element type.
        atom = h5py.h5t.array_create(h5py.h5t.IEEE_F64LE, (2,))
        space = h5py.h5s.create_simple((3,), (h5py.h5s.UNLIMITED,))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((2,))
        h5py.h5d.create(f.id, b"atom", atom, space, dcpl=dcpl)
        f["atom"][...] = np.arange(6, dtype="f8").reshape(3, 2)
        f.create_dataset("scalar", data=np.float64(2.5))
        f.create_dataset("null", data=h5py.Empty("f8"))


def describe(d):
    if d.shape is None:  # NULL dataspace
        return {"value": None, "shape": None, "maxshape": None, "chunks": None, "filters": []}
    plist = d.id.get_create_plist()
    return {
        "value": enc_array(d[()]),
        "shape": list(d.shape),
        "maxshape": list(d.maxshape) if d.maxshape is not None else None,
        "chunks": list(d.chunks) if d.chunks else None,
        "filters": [int(plist.get_filter(k)[0]) for k in range(plist.get_nfilters())],
    }


def read(path):
    with h5py.File(path, "r") as f:
        return {name: describe(f[name]) for name in f}


mode, path = sys.argv[1], sys.argv[2]
if mode == "make":
    make(path)
emit({"datasets": read(path)})
