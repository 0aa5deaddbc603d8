"""Runs conditions on a PyTables table built from a JSON spec; prints each one's row numbers.

usage: pt_where.py SPEC.json OUT.h5 [--existing]

With --existing, OUT.h5 is not written: the conditions run on its table /t (made elsewhere,
e.g. by h5tables). A condition with "field" also reads that column with read_where.

SPEC: {"columns": [{"name", "dtype" (numpy's: "int32", "S8", ...), "values": [...]}],
       "conditions": [{"cond": "...", "condvars": {name: {"dtype", "value"}}}]}
Values: 64-bit integers as decimal strings, floats as numbers or "nan"/"inf"/"-inf"/"-0",
strings as text (encoded as UTF-8).
Prints [{"rows": [...]} or {"error": <exception class>, "message": ...}] per condition.
"""
import json
import sys

import numpy as np
import tables

from _enc import enc_array


def value(v, dtype):
    if dtype.kind == "S":
        return v.encode("utf-8")
    if dtype.kind == "f":
        return float(v)
    if dtype.kind in "iu":
        return int(v)
    return v


def main():
    spec_path, out_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as fh:
        spec = json.load(fh)
    cols = spec["columns"]
    dtype = np.dtype([(c["name"], c["dtype"]) for c in cols])
    n = len(cols[0]["values"]) if cols else 0
    arr = np.zeros(n, dtype=dtype)
    for c in cols:
        arr[c["name"]] = [value(v, dtype[c["name"]]) for v in c["values"]]
    out = []
    existing = "--existing" in sys.argv[3:]
    with tables.open_file(out_path, "r" if existing else "w") as f:
        if existing:
            t = f.root.t
        else:
            t = f.create_table("/", "t", description=dtype)
            if n:
                t.append(arr)
            t.flush()
        for q in spec["conditions"]:
            condvars = {}
            for name, cv in q.get("condvars", {}).items():
                if "column" in cv:
                    condvars[name] = t.cols._f_col(cv["column"])
                    continue
                dt = np.dtype(cv["dtype"])
                condvars[name] = np.array(value(cv["value"], dt), dtype=dt)[()]
            kw = {k: q[k] for k in ("start", "stop", "step") if k in q}
            try:
                rows = t.get_where_list(q["cond"], condvars, **kw)
                res = {"rows": [int(r) for r in rows]}
                if "field" in q:
                    vals = t.read_where(q["cond"], condvars, field=q["field"], **kw)
                    res["values"] = enc_array(vals)
                out.append(res)
            except Exception as e:  # the test compares the exception class
                out.append({"error": type(e).__name__, "message": str(e)})
    print(json.dumps(out))


main()
