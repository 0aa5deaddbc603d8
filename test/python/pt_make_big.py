"""Make the ~40 MB PyTables file the object-storage test serves: a zlib-compressed CArray
of random-ish float64 (a smooth signal plus noise, so it compresses only partly), plus a
few small nodes (an Array, an EArray, a group with attributes).

usage: pt_make_big.py FILE [ROWS]
prints {"size": bytes, "shape": [...], "chunkshape": [...], "row": i, "rowValues": [...first 8...],
        "rowSum": float, "earray": [...], "attrs": {...}}
"""
import os
import sys
import warnings

import numpy as np
import tables

from _enc import emit

warnings.simplefilter("ignore")
path = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 6400
cols = 1000
rng = np.random.default_rng(14)

with tables.open_file(path, "w", title="object storage test") as f:
    zl = tables.Filters(complevel=1, complib="zlib", shuffle=True)
    c = f.create_carray("/", "signal", tables.Float64Atom(), shape=(rows, cols), filters=zl, title="signal")
    t = np.arange(cols) / cols
    for start in range(0, rows, 500):
        n = min(500, rows - start)
        base = np.sin(2 * np.pi * (np.arange(start, start + n)[:, None] / 97.0 + t[None, :]))
        c[start:start + n] = base + rng.normal(0, 1e-3, size=(n, cols))
    f.create_array("/", "axis", np.linspace(0.0, 1.0, cols), title="axis")
    g = f.create_group("/", "meta", title="metadata")
    g._v_attrs.instrument = "probe-7"
    g._v_attrs.gain = 2.5
    e = f.create_earray(g, "events", tables.Int32Atom(), shape=(0,), filters=zl, title="events")
    e.append(np.arange(100, dtype="i4") * 3)
    row = rows // 2 + 17
    values = c[row]
    chunkshape = [int(x) for x in c.chunkshape]
    shape = [int(x) for x in c.shape]

emit({
    "size": os.path.getsize(path),
    "shape": shape,
    "chunkshape": chunkshape,
    "row": row,
    "rowValues": [float(v) for v in values[:8]],
    "rowSum": float(values.sum()),
    "earray": (np.arange(100, dtype="i4") * 3).tolist()[:5],
})
