"""A sparse table: h5tables' /t grown by h5py to ROWS rows, with rows stored at its start
and far inside it (every other chunk unallocated, so read as the fill value); then
PyTables' get_where_list over a range of it, as the reference for h5tables' queries.

usage: sparse_table.py grow FILE ROWS AT   (rows AT..AT+9 get i = 1000..1009)
       sparse_table.py where FILE COND START STOP STEP
Prints {"nrows": ...} or {"rows": [...]}.
"""
import json
import sys


def main():
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "grow":
        import h5py
        import numpy as np

        rows, at = int(sys.argv[3]), int(sys.argv[4])
        with h5py.File(path, "r+") as f:
            ds = f["t"]
            ds.resize((rows,))
            block = np.zeros(10, dtype=ds.dtype)
            block["i"] = np.arange(1000, 1010)
            block["x"] = 0.5
            block["s"] = b"far"
            ds[at : at + 10] = block
        print(json.dumps({"nrows": rows}))
        return
    import tables

    cond, start, stop, step = sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    with tables.open_file(path, "r") as f:
        t = f.root.t
        rows = t.get_where_list(cond, start=start, stop=stop, step=step)
        print(json.dumps({"nrows": int(t.nrows), "rows": [int(r) for r in rows]}))


main()
