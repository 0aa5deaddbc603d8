"""Shared by the Python peers: config from argv, timing with time.perf_counter, JSON out.

Each peer script defines one function per workload; run() times them as bench/common.js
does (a warm-up run, then `runs` timed runs; inputs made and outputs checked untimed).
"""
import gc
import json
import sys
import time
import traceback

import numpy as np


def config():
    return json.loads(sys.argv[1])


def starts(cfg):
    return np.fromfile(cfg["startsFile"], dtype="<i4").astype(np.int64)


def ramp_ok(x, n):
    return x.shape == (n,) and x.dtype == np.float64 and bool(np.array_equal(x, np.arange(n, dtype=np.float64)))


def measure_slices(runs, starts, length, read_slice):
    """W4 for any peer: read_slice(s, e) returns elements s..e-1; each slice's ends are checked."""

    def body(_):
        firsts = np.empty(len(starts))
        lasts = np.empty(len(starts))
        for i, s in enumerate(starts.tolist()):
            x = read_slice(s, s + length)
            firsts[i] = x[0]
            lasts[i] = x[length - 1]
        return firsts, lasts

    def check(out):
        firsts, lasts = out
        must(np.array_equal(firsts, starts) and np.array_equal(lasts, starts + length - 1), "W4 slices")

    return measure(runs, body, check=check)


def must(ok, what):
    if not ok:
        raise AssertionError("wrong result: " + what)


def measure(runs, body, check=None, setup=None, check_every=True):
    times = []
    cpu_times = []
    detail = None
    for r in range(runs + 1):
        state = setup() if setup else None
        gc.collect()
        c0 = time.process_time()
        t0 = time.perf_counter()
        out = body(state)
        t1 = time.perf_counter()
        c1 = time.process_time()
        if r > 0:
            times.append((t1 - t0) * 1e3)
            cpu_times.append((c1 - c0) * 1e3)
        if check and (check_every or r == 0 or r == runs):
            d = check(out)
            if d is not None:
                detail = d
        del out
    return {"times": times, "cpuTimes": cpu_times, "verified": check is not None, "detail": detail}


NOTES = {}  # filled by workloads (cross-checks), returned as the peer's notes


def unavailable_workload(reason):
    """A workload this peer cannot run here (reported as n/a with the reason, not a failure)."""
    return {"unavailable": reason}


def main(peer, versions, table):
    cfg = config()
    results = {}
    for w in cfg["workloads"]:
        if w not in table:
            continue
        try:
            results[w] = table[w](cfg)
        except Exception:
            results[w] = {"error": traceback.format_exc()}
    json.dump({"peer": peer, "available": True, "versions": versions, "notes": NOTES, "results": results}, sys.stdout)
    sys.stdout.write("\n")


def unavailable(peer, err):
    json.dump({"peer": peer, "available": False, "error": repr(err)}, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(0)


# W8/W9, the table: the same columns as bench/common.js's makeTableData (a[i] = i; b[i] a
# multiplicative hash of i scaled to [0, 1), exact in float64; s[i] = 'key' + 5 digits).
TABLE_DTYPE = np.dtype([("a", "<i4"), ("b", "<f8"), ("s", "S8")])


def table_data(n):
    i = np.arange(n, dtype=np.uint64)
    a = np.arange(n, dtype=np.int32)
    b = ((i * np.uint64(2654435761)) % np.uint64(2 ** 32)).astype(np.float64) / 2.0 ** 32
    s = np.array([b"key%05d" % (k % 100000) for k in range(n)], dtype="S8")
    return a, b, s


def table_summary(rows):
    """A query's matching rows (a structured array) as bench/common.js's checkTableResult sees them."""
    def row(k):
        r = rows[k]
        return {"a": int(r["a"]), "b": float(r["b"]), "s": r["s"].decode("latin-1")}

    n = len(rows)
    return {"count": n, "sumA": int(rows["a"].astype(np.int64).sum()), "first": row(0) if n else None,
            "last": row(n - 1) if n else None}


def check_table(rows, cfg, what):
    """Raises when the rows differ from run.js's expectation (count, sum of a, first and last row)."""
    got, expect = table_summary(rows), cfg["tableExpect"]
    for key in ("count", "sumA", "first", "last"):
        must(got[key] == expect[key], "%s: %s is %r, expected %r" % (what, key, got[key], expect[key]))
    return got


def phase_medians(phases):
    """W8's phases ({"build": [ms...], "query": [ms...]}, the warm-up first) as medians of the timed runs."""
    import statistics
    return {"buildMs": statistics.median(phases["build"][1:]), "queryMs": statistics.median(phases["query"][1:])}
