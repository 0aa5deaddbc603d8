"""Apply __setitem__ cases to PyTables nodes in order, as the selection tests do with set().

usage: pt_setitem.py FILE CASES.json
CASES is a list of {"node": path, "keys": [key, ...], "value": v} (a key as pt_select.py
takes it; v a JSON scalar or nested lists, or {"bytes": str or nested lists of str} for
bytes). The file is changed in place.
prints {"results": [...]}: per case {"ok": true} or {"error": class name, "message": str},
with "after": the node's whole contents (encoded) after the case.
"""
import json
import sys
import warnings

import h5py  # noqa: F401  (registers lzf, 32000, in the libhdf5 PyTables shares)
import tables

from _enc import emit, enc_array
from pt_select import key

warnings.simplefilter("ignore")


def value(v):
    if isinstance(v, dict):
        def to_bytes(x):
            return [to_bytes(y) for y in x] if isinstance(x, list) else x.encode("utf-8")
        return to_bytes(v["bytes"])
    return v


def run(f, case):
    node = f.get_node(case["node"])
    try:
        node[tuple(key(k) for k in case["keys"])] = value(case["value"])
        out = {"ok": True}
    except Exception as e:  # noqa: BLE001 - the test compares the class and message
        out = {"error": type(e).__name__, "message": str(e).split("\n")[0]}
    out["after"] = enc_array(node[...])
    return out


if __name__ == "__main__":
    with open(sys.argv[2]) as fh:
        cases = json.load(fh)
    with tables.open_file(sys.argv[1], "a") as f:
        emit({"results": [run(f, c) for c in cases]})
