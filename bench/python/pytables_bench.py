"""PyTables peer: the CORE driver without backing store, get_file_image(), driver_core_image."""
import itertools
import os
import sys
import time

import numpy as np

import benchlib as b

try:
    import tables
except Exception as err:  # not importable here: the peer is reported as absent
    b.unavailable("pytables", err)

_seq = itertools.count()


def name():
    return "mem-%d.h5" % next(_seq)


def create(cfg, data, backing_file=None):
    if backing_file:
        f = tables.open_file(backing_file, "w", driver="H5FD_CORE")
    else:
        f = tables.open_file(name(), "w", driver="H5FD_CORE", driver_core_backing_store=0)
    f.create_array("/", "x", data)
    image = f.get_file_image()
    f.close()
    return image


def open_image(image):
    return tables.open_file(name(), "r", driver="H5FD_CORE", driver_core_image=image, driver_core_backing_store=0)


def read_image(image):
    with open_image(image) as f:
        return f.root.x.read()


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
        f = tables.open_file(name(), "w", driver="H5FD_CORE", driver_core_backing_store=0)
        for i in range(groups):
            g = f.create_group("/", "g%d" % i)
            f.create_array(g, "a", small[i])
            f.set_node_attr(g, "attr", float(i))
        image = f.get_file_image()
        f.close()
        return image

    def check(image):
        with open_image(image) as f:
            b.must(len(f.list_nodes("/")) == groups, "W3 group count")
            for i in (0, 1, 499, groups - 1):
                g = f.get_node("/g%d" % i)
                b.must(np.array_equal(g.a.read(), small[i]), "W3 g%d/a" % i)
                b.must(float(g._v_attrs.attr) == i, "W3 g%d attr" % i)
                b.must(g._v_attrs.CLASS == "GROUP" and g.a.attrs.CLASS == "ARRAY", "W3 system attributes")
        return {"imageBytes": len(image)}

    return b.measure(cfg["runs"], body, check=check, check_every=False)


def w4(cfg):
    starts = b.starts(cfg)
    length = cfg["w4Len"]
    f = open_image(create(cfg, np.arange(cfg["n"], dtype=np.float64)))
    arr = f.root.x
    try:
        return b.measure_slices(cfg["runs"], starts, length, arr.read)
    finally:
        f.close()


def w5(cfg):
    data = np.arange(cfg["n"], dtype=np.float64)
    path = os.path.join(cfg["tmpDir"], "pytables-w5.h5")

    def setup():
        if os.path.exists(path):
            os.remove(path)

    def check(image):
        b.must(b.ramp_ok(read_image(image), cfg["n"]), "W5 image")
        with tables.open_file(path, "r") as f:
            b.must(b.ramp_ok(f.root.x.read(), cfg["n"]), "W5 file on disk")

    return b.measure(cfg["runs"], lambda _: create(cfg, data, backing_file=path), check=check, setup=setup,
                     check_every=False)


# W6/W7: Filters(5, 'blosc:lz4', shuffle=True), the chunkshape create_carray computes.
CHUNKED = tables.Filters(complevel=5, complib="blosc:lz4", shuffle=True)


def create_chunked(data):
    f = tables.open_file(name(), "w", driver="H5FD_CORE", driver_core_backing_store=0)
    f.create_carray("/", "x", obj=data, filters=CHUNKED)
    image = f.get_file_image()
    f.close()
    return image


def chunked_layout(image, n, what):
    """Reopens a W6 image: a CArray with those filters holding the ramp; its layout for the detail."""
    with open_image(image) as f:
        x = f.root.x
        b.must(isinstance(x, tables.CArray), "%s: class %s" % (what, type(x).__name__))
        b.must(x.filters.complib == "blosc:lz4" and x.filters.complevel == 5 and x.filters.shuffle,
               "%s: filters %r" % (what, x.filters))
        b.must(b.ramp_ok(x.read(), n), what + " read")
        return {"imageBytes": len(image), "chunkshape": [int(d) for d in x.chunkshape], "filters": repr(x.filters)}


def w6(cfg):
    n = cfg["n"]
    data = np.arange(n, dtype=np.float64)
    r = b.measure(cfg["runs"], lambda _: create_chunked(data), check=lambda img: chunked_layout(img, n, "W6 image"),
                  check_every=False)
    # Untimed: h5tables' W6 image read here, and this one kept for h5tables' W7 child.
    cross = cfg.get("crossCheck")
    if cross and os.path.exists(cross):
        try:
            with open(cross, "rb") as fh:
                d = chunked_layout(fh.read(), n, "h5tables' W6 image")
            b.NOTES["crossCheck"] = "h5tables' W6 image read back by PyTables: equal (CArray, %s, chunkshape %s)" % (
                d["filters"], tuple(d["chunkshape"]))
        except Exception as err:
            b.NOTES["crossCheck"] = "h5tables' W6 image read back by PyTables: FAILED %s" % err
    if cfg.get("tmpDir"):
        with open(os.path.join(cfg["tmpDir"], "pytables-w6.h5"), "wb") as fh:
            fh.write(create_chunked(data))
    return r


def w7(cfg):
    n = cfg["n"]
    image = create_chunked(np.arange(n, dtype=np.float64))
    detail = chunked_layout(image, n, "W7 image")
    r = b.measure(cfg["runs"], lambda _: read_image(image), check=lambda x: b.must(b.ramp_ok(x, n), "W7 read"))
    r["detail"] = detail
    return r


# W8/W9: a table appended from columns (a list of arrays, one per column, as PyTables takes
# them), queried with read_where (numexpr). expectedrows sizes the chunkshape (6553 rows here).
TABLE = {"a": tables.Int32Col(pos=0), "b": tables.Float64Col(pos=1), "s": tables.StringCol(8, pos=2)}


def build_table(f, columns, n):
    t = f.create_table("/", "t", TABLE, expectedrows=n)
    t.append(list(columns))
    return t


def table_image(columns, n):
    f = tables.open_file(name(), "w", driver="H5FD_CORE", driver_core_backing_store=0)
    build_table(f, columns, n)
    image = f.get_file_image()
    f.close()
    return image


def w8(cfg):
    n, query = cfg["tableRows"], cfg["tableExpect"]["query"]
    columns = b.table_data(n)

    phases = {"build": [], "query": []}

    def body(_):
        t0 = time.perf_counter()
        f = tables.open_file(name(), "w", driver="H5FD_CORE", driver_core_backing_store=0)
        t = build_table(f, columns, n)
        t1 = time.perf_counter()
        rows = t.read_where(query)
        out = (rows, t.nrows, t.chunkshape)
        f.close()
        phases["build"].append((t1 - t0) * 1e3)
        phases["query"].append((time.perf_counter() - t1) * 1e3)
        return out

    def check(out):
        rows, nrows, chunkshape = out
        b.must(nrows == n, "W8 nrows %d" % nrows)
        got = b.check_table(rows, cfg, "W8 query")
        return {"count": got["count"], "chunkshape": [int(d) for d in chunkshape], "query": "read_where (numexpr)"}

    r = b.measure(cfg["runs"], body, check=check)
    r["detail"].update(b.phase_medians(phases))
    # Untimed: h5tables' W8 table queried here, and this one kept for h5tables' W9 child.
    cross = cfg.get("crossCheck")
    if cross and os.path.exists(cross):
        try:
            with tables.open_file(cross, "r") as f:
                t = f.root.t
                b.must(isinstance(t, tables.Table) and t.nrows == n, "h5tables' W8 table: %r" % t)
                got = b.check_table(t.read_where(query), cfg, "h5tables' W8 table")
            b.NOTES["tableCrossCheck"] = "h5tables' W8 table queried by PyTables: %d rows, equal" % got["count"]
        except Exception as err:
            b.NOTES["tableCrossCheck"] = "h5tables' W8 table queried by PyTables: FAILED %s" % err
    if cfg.get("tmpDir"):
        with open(os.path.join(cfg["tmpDir"], "pytables-w8.h5"), "wb") as fh:
            fh.write(table_image(columns, n))
    return r


def w9(cfg):
    n, query = cfg["tableRows"], cfg["tableExpect"]["query"]
    f = open_image(table_image(b.table_data(n), n))
    t = f.root.t
    try:
        return b.measure(cfg["runs"], lambda _: t.read_where(query), check=lambda rows: b.check_table(rows, cfg, "W9"))
    finally:
        f.close()


if __name__ == "__main__":
    b.main("pytables", {
        "pytables": tables.__version__, "hdf5": tables.hdf5_version, "numpy": np.__version__,
        "python": sys.version.split()[0],
    }, {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7, "W8": w8, "W9": w9})
