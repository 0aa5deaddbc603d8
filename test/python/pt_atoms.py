"""PyTables' atoms, for test/model/atom.test.ts.

usage: pt_atoms.py JSON   JSON: a list of Python expressions building an atom (with `tb`
                          and `np` in scope); prints {"results": [{"repr", "kind", "type",
                          "itemsize", "size", "shape"} or {"error": exception class name}]}
"""
import json
import sys
import warnings

import numpy as np
import tables as tb

from _enc import emit

warnings.simplefilter("ignore")

out = []
for expr in json.loads(sys.argv[1]):
    try:
        a = eval(expr, {"tb": tb, "np": np})  # the test's own expressions
        out.append({"repr": repr(a), "kind": a.kind, "type": a.type, "itemsize": int(a.itemsize),
                    "size": int(a.size), "shape": [int(n) for n in a.shape]})
    except Exception as e:
        out.append({"error": type(e).__name__})
emit({"results": out})
