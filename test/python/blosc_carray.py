"""A CArray as PyTables writes it with Filters(5, 'blosc:lz4', shuffle=True).

blosc_carray.py PATH: writes /x (1,234,567 float64, PyTables' chunkshape) and /fl (the
same with fletcher32, which PyTables puts before blosc) and prints, as one JSON line, what
PyTables reads back of /x: n, the SHA-256 of its bytes, the first and last three elements.
"""
import hashlib
import json
import sys

import numpy as np
import tables

path = sys.argv[1]
data = np.sqrt(np.arange(1234567, dtype="float64"))
with tables.open_file(path, "w") as f:
    f.create_carray("/", "x", obj=data, filters=tables.Filters(5, "blosc:lz4", shuffle=True))
    f.create_carray("/", "fl", obj=data, filters=tables.Filters(5, "blosc:lz4", shuffle=True, fletcher32=True))
with tables.open_file(path, "r") as f:
    back = f.root.x.read()
print(json.dumps({
    "n": int(back.shape[0]),
    "sha256": hashlib.sha256(back.tobytes()).hexdigest(),
    "first": back[:3].tolist(),
    "last": back[-3:].tolist(),
}))
