"""Write a file with h5py (no PyTables attributes at all).

usage: h5py_write.py FILE_PATH       prints {"ok": true}
The test (test/interop/interop.test.ts) asserts the exact values written here.
"""
import sys

import h5py
import numpy as np

from _enc import emit

path = sys.argv[1]

with h5py.File(path, "w") as f:
    f.attrs["creator"] = "h5py"                                    # variable-length UTF-8 string
    f.attrs["names"] = ["x", "yy", "zzz"]                          # array of vlen strings
    f.attrs["answer"] = np.int64(42)
    f.attrs["ratio"] = 0.75
    f.attrs["flag"] = np.bool_(True)                               # enum {FALSE, TRUE}
    f.attrs["fixed"] = np.bytes_(b"fixed-bytes")                   # fixed-length ASCII
    f.create_dataset("ints", data=np.array([[1, 2, 3], [4, 5, 6]], dtype="int64"))
    f.create_dataset("floats", data=np.linspace(0, 1, 5, dtype="float32"))
    f.create_dataset("bools", data=np.array([True, False, False, True]))     # enum
    f.create_dataset("vlen_strings", data=["one", "two", "thrée"], dtype=h5py.string_dtype())
    f.create_dataset("fixed_strings", data=np.array([b"ab", b"cde"]))
    f.create_dataset("compressed", data=np.arange(1000, dtype="uint16"), chunks=(100,),
                     compression="gzip", compression_opts=4)
    f.create_dataset("scalar", data=np.float64(-3.5))
    f.create_dataset("big_endian", data=np.array([1, 256, -1], dtype=">i2"))
    g = f.create_group("group")
    g.attrs["description"] = "an h5py group"
    sub = g.create_group("sub")
    d = sub.create_dataset("leaf", data=np.array([7, 8, 9], dtype="uint8"))
    d.attrs["unit"] = "kg"
    d.attrs["weights"] = np.array([0.25, 0.5], dtype="float64")

emit({"ok": True})
