"""Array.read(start, stop, step) as PyTables does it, for a list of cases.

usage: pt_read.py FILE_PATH CASES_JSON
  FILE_PATH is created here: /v = arange(10) (int32), /m = arange(12).reshape(4, 3) (int32),
  /s = int32 scalar 7. CASES_JSON is a list of [node, start, stop, step] (null = None).
Prints a list with, per case, {"ok": {dtype, shape, data}} or {"error": "<exception class>"}.
"""
import json
import sys

import numpy as np
import tables

from _enc import emit, enc_array

path, cases = sys.argv[1], json.loads(sys.argv[2])
with tables.open_file(path, "w") as f:
    f.create_array("/", "v", np.arange(10, dtype="int32"))
    f.create_array("/", "m", np.arange(12, dtype="int32").reshape(4, 3))
    f.create_array("/", "s", np.int32(7))

out = []
with tables.open_file(path, "r") as f:
    for node, start, stop, step in cases:
        try:
            out.append({"ok": enc_array(np.asarray(f.get_node("/" + node).read(start, stop, step)))})
        except Exception as e:  # the class is what is compared
            out.append({"error": type(e).__name__})
emit(out)
