"""Apply __getitem__ keys and iterrows ranges to PyTables nodes, as the selection tests do.

usage: pt_select.py FILE CASES.json
CASES is a list of {"node": path, "keys": [key, ...]} (a key: an int, null for ':' or
{"slice": [start, stop, step]}) or {"node": path, "iterrows": [start, stop, step]}
("iterrows": null iterates the node itself).
prints {"results": [...]}: per case {"value": <encoded array>} or {"rows": [<encoded>...]}
or {"error": exception class name, "message": str(exception)}.
"""
import json
import sys
import warnings

import h5py  # noqa: F401  (registers lzf, 32000, in the libhdf5 PyTables shares)
import tables

from _enc import emit, enc_array

warnings.simplefilter("ignore")


def key(k):
    if k is None:
        return slice(None)
    if isinstance(k, dict):
        return slice(*k["slice"])
    return k


def run(f, case):
    node = f.get_node(case["node"])
    try:
        if "keys" in case:
            return {"value": enc_array(node[tuple(key(k) for k in case["keys"])])}
        rng = case["iterrows"]
        rows = node if rng is None else node.iterrows(*rng)
        return {"rows": [enc_array(r) for r in rows]}
    except Exception as e:  # noqa: BLE001 - the test compares the class and message
        return {"error": type(e).__name__, "message": str(e)}


if __name__ == "__main__":
    with open(sys.argv[2]) as fh:
        cases = json.load(fh)
    with tables.open_file(sys.argv[1], "r") as f:
        emit({"results": [run(f, c) for c in cases]})
