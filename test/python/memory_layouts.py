"""Write datasets of layouts and types that must not be read straight from memory.

usage: memory_layouts.py FILE_PATH
prints {"values": {name: [elements, flat]}} as h5py reads them back.
"""
import sys

import h5py
import numpy as np

from _enc import emit

path = sys.argv[1]

with h5py.File(path, "w") as f:
    f.create_dataset("native", data=np.arange(12, dtype="<f8").reshape(3, 4) / 4)
    f.create_dataset("big_endian", data=np.arange(12).reshape(3, 4) - 5, dtype=">f8")
    f.create_dataset("chunked", data=np.arange(12, dtype="<i4").reshape(3, 4) * 3, chunks=(2, 2))
    f.create_dataset("bool_enum", data=np.array([True, False, True, True]))
    f.create_dataset("unwritten", shape=(5,), dtype="<i2", fillvalue=7)

with h5py.File(path, "r") as f:
    emit({"values": {name: [float(v) for v in f[name][()].ravel()] for name in f}})
