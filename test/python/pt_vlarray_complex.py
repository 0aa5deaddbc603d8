"""Complex VLArrays with PyTables 3.7: write them, or read them back.

usage: pt_vlarray_complex.py write PATH | read PATH
write: /c16 (ComplexAtom(16)) with rows [1+2j, 3+4j], [], [5-6j]; /c8 (ComplexAtom(8))
with rows [0.5+0.25j] and [-1j, 2]. Both modes print {path: rows}, each row its complex
numbers flattened as [re, im, re, im, ...] (how h5tables gives a complex row).
"""
import sys
import warnings

import numpy as np
import tables

from _enc import emit

warnings.simplefilter("ignore")
mode, path = sys.argv[1], sys.argv[2]

if mode == "write":
    with tables.open_file(path, "w") as f:
        v = f.create_vlarray("/", "c16", tables.ComplexAtom(16))
        for row in ([1 + 2j, 3 + 4j], [], [5 - 6j]):
            v.append(np.array(row, dtype="complex128"))
        v = f.create_vlarray("/", "c8", tables.ComplexAtom(8))
        for row in ([0.5 + 0.25j], [-1j, 2]):
            v.append(np.array(row, dtype="complex64"))

out = {}
with tables.open_file(path) as f:
    for n in f.walk_nodes("/", "VLArray"):
        out[n._v_pathname] = [[float(x) for z in r for x in (z.real, z.imag)] for r in n.read()]
emit(out)
