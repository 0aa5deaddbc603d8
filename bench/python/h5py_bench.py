"""h5py peer: driver='core', backing_store=False, f.id.get_file_image(); images opened with
a CORE file access list holding the image (h5py's File has no image argument)."""
import itertools
import os
import sys
import time

import numpy as np

import benchlib as b

try:
    import h5py
except Exception as err:  # not importable here: the peer is reported as absent
    b.unavailable("h5py", err)

_seq = itertools.count()


def name():
    return "mem-%d.h5" % next(_seq)


def create(cfg, data, backing_file=None):
    if backing_file:
        f = h5py.File(backing_file, "w", driver="core")
    else:
        f = h5py.File(name(), "w", driver="core", backing_store=False)
    f.create_dataset("x", data=data)
    f.flush()
    image = f.id.get_file_image()
    f.close()
    return image


def open_image(image):
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_fapl_core(backing_store=False)
    fapl.set_file_image(image)
    return h5py.File(h5py.h5f.open(name().encode(), h5py.h5f.ACC_RDONLY, fapl=fapl))


def read_image(image):
    with open_image(image) as f:
        return f["x"][()]


def w1(cfg):
    data = np.arange(cfg["n"], dtype=np.float64)
    return b.measure(cfg["runs"], lambda _: create(cfg, data),
                     check=lambda img: b.must(b.ramp_ok(read_image(img), cfg["n"]), "W1 image"), check_every=False)


def w2(cfg):
    image = create(cfg, np.arange(cfg["n"], dtype=np.float64))
    return b.measure(cfg["runs"], lambda _: read_image(image), check=lambda x: b.must(b.ramp_ok(x, cfg["n"]), "W2 read"))


def w3(cfg):
    groups, length = cfg["w3Groups"], cfg["w3Len"]
    small = np.arange(groups * length, dtype=np.float64).reshape(groups, length)

    def body(_):
        f = h5py.File(name(), "w", driver="core", backing_store=False)
        for i in range(groups):
            g = f.create_group("g%d" % i)
            g.create_dataset("a", data=small[i])
            g.attrs["attr"] = float(i)
        f.flush()
        image = f.id.get_file_image()
        f.close()
        return image

    def check(image):
        with open_image(image) as f:
            b.must(len(f.keys()) == groups, "W3 group count")
            for i in (0, 1, 499, groups - 1):
                g = f["g%d" % i]
                b.must(np.array_equal(g["a"][()], small[i]), "W3 g%d/a" % i)
                b.must(float(g.attrs["attr"]) == i, "W3 g%d attr" % i)
        return {"imageBytes": len(image)}

    return b.measure(cfg["runs"], body, check=check, check_every=False)


def w4(cfg):
    starts = b.starts(cfg)
    length = cfg["w4Len"]
    f = open_image(create(cfg, np.arange(cfg["n"], dtype=np.float64)))
    ds = f["x"]
    try:
        return b.measure_slices(cfg["runs"], starts, length, lambda s, e: ds[s:e])
    finally:
        f.close()


def w5(cfg):
    data = np.arange(cfg["n"], dtype=np.float64)
    path = os.path.join(cfg["tmpDir"], "h5py-w5.h5")

    def setup():
        if os.path.exists(path):
            os.remove(path)

    def check(image):
        b.must(b.ramp_ok(read_image(image), cfg["n"]), "W5 image")
        with h5py.File(path, "r") as f:
            b.must(b.ramp_ok(f["x"][()], cfg["n"]), "W5 file on disk")

    return b.measure(cfg["runs"], lambda _: create(cfg, data, backing_file=path), check=check, setup=setup,
                     check_every=False)


# W6/W7 need HDF5's blosc filter (32001), which h5py does not include: it comes with the
# hdf5plugin package (or an HDF5 plugin directory). Without it h5py cannot write or read them.
BLOSC = 32001
try:
    import hdf5plugin  # noqa: F401  (registers blosc with h5py's HDF5 when installed)
except Exception:
    hdf5plugin = None


def blosc_missing():
    if h5py.h5z.filter_avail(BLOSC):
        return None
    return ("h5py has no blosc filter here: HDF5 filter %d is not registered (it needs the hdf5plugin package, "
            "not installed, or a blosc plugin in HDF5's plugin path)" % BLOSC)


def create_chunked(cfg, data):
    f = h5py.File(name(), "w", driver="core", backing_store=False)
    # PyTables' chunkshape (from h5tables' W6 run) and its blosc parameters: clevel 5, shuffle, lz4 (1).
    f.create_dataset("x", data=data, chunks=tuple(cfg["w6Chunkshape"]), compression=BLOSC,
                     compression_opts=(0, 0, 0, 0, 5, 1, 1))
    f.flush()
    image = f.id.get_file_image()
    f.close()
    return image


def chunked_check(image, n):
    with open_image(image) as f:
        x = f["x"]
        b.must(BLOSC in x._filters or str(BLOSC) in x._filters, "blosc in the pipeline: %r" % x._filters)
        b.must(b.ramp_ok(x[()], n), "W6 image")
        return {"imageBytes": len(image), "chunkshape": [int(d) for d in x.chunks]}


def w6(cfg):
    missing = blosc_missing() or (None if cfg.get("w6Chunkshape") else "no chunkshape from h5tables' W6 run")
    if missing:
        return b.unavailable_workload(missing)
    n = cfg["n"]
    data = np.arange(n, dtype=np.float64)
    return b.measure(cfg["runs"], lambda _: create_chunked(cfg, data), check=lambda img: chunked_check(img, n),
                     check_every=False)


def w7(cfg):
    missing = blosc_missing() or (None if cfg.get("w6Chunkshape") else "no chunkshape from h5tables' W6 run")
    if missing:
        return b.unavailable_workload(missing)
    n = cfg["n"]
    image = create_chunked(cfg, np.arange(n, dtype=np.float64))
    detail = chunked_check(image, n)
    r = b.measure(cfg["runs"], lambda _: read_image(image), check=lambda x: b.must(b.ramp_ok(x, n), "W7 read"))
    r["detail"] = detail
    return r


# W8/W9: h5py has no tables and no conditions. Its fair equivalent: a compound dataset
# written from a numpy structured array filled from the columns (chunked with the table's
# chunkshape and growable, like a Table), then the whole dataset read and the same
# condition computed as a numpy mask (no numexpr), the matching rows selected by it.
def table_mask(d):
    return (d["a"] > 250000) & (d["b"] < 0.5) & (d["s"] >= b"key50000")


def table_chunks(cfg):
    cs = cfg.get("tableChunkshape")
    return tuple(cs) if cs else True


def build_table(f, columns, cfg):
    rec = np.empty(cfg["tableRows"], dtype=b.TABLE_DTYPE)
    for name_, col in zip(("a", "b", "s"), columns):
        rec[name_] = col
    return f.create_dataset("t", data=rec, chunks=table_chunks(cfg), maxshape=(None,))


def query(ds):
    d = ds[()]
    return d[table_mask(d)]


def w8(cfg):
    n = cfg["tableRows"]
    columns = b.table_data(n)

    phases = {"build": [], "query": []}

    def body(_):
        t0 = time.perf_counter()
        f = h5py.File(name(), "w", driver="core", backing_store=False)
        ds = build_table(f, columns, cfg)
        t1 = time.perf_counter()
        out = (query(ds), ds.shape[0], ds.chunks)
        f.close()
        phases["build"].append((t1 - t0) * 1e3)
        phases["query"].append((time.perf_counter() - t1) * 1e3)
        return out

    def check(out):
        rows, nrows, chunks = out
        b.must(nrows == n, "W8 rows %d" % nrows)
        got = b.check_table(rows, cfg, "W8 query")
        return {"count": got["count"], "chunkshape": [int(d) for d in chunks], "query": "dataset read + numpy mask"}

    r = b.measure(cfg["runs"], body, check=check)
    r["detail"].update(b.phase_medians(phases))
    return r


def w9(cfg):
    f = h5py.File(name(), "w", driver="core", backing_store=False)
    build_table(f, b.table_data(cfg["tableRows"]), cfg)
    f.flush()
    image = f.id.get_file_image()
    f.close()
    f = open_image(image)
    ds = f["t"]
    try:
        return b.measure(cfg["runs"], lambda _: query(ds), check=lambda rows: b.check_table(rows, cfg, "W9"))
    finally:
        f.close()


if __name__ == "__main__":
    b.main("h5py", {
        "h5py": h5py.version.version, "hdf5": h5py.version.hdf5_version, "numpy": np.__version__,
        "python": sys.version.split()[0],
    }, {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7, "W8": w8, "W9": w9})
