"""Compound datasets (tables) for test/native/records.test.ts, both ways.

usage: records.py make FILE        PyTables writes /pt (a table: every column kind, nested,
                                   shaped, defaults) and h5py writes /h5/aligned (a padded
                                   numpy dtype), /h5/bools (numpy bools: h5py's enum) and
                                   /h5/odd (a vlen string member); prints {"made": true}
       records.py read FILE PATH TOOL   TOOL 'pytables' or 'h5py' reads the dataset at PATH;
                                   prints {"fields": [...], "columns": {"pos/x": [...]},
                                   "shape": [...], "dflt": {...} (pytables: the coldflts)}
Columns are flattened in C order: bools as booleans, 64-bit integers as decimal strings,
bytes decoded as UTF-8.
"""
import sys
import warnings

import numpy as np

from _enc import emit

warnings.simplefilter("ignore")


def fields_of(dtype):
    out = []
    for name in dtype.names:
        sub, offset = dtype.fields[name][:2]
        base, shape = (sub.subdtype if sub.subdtype else (sub, ()))
        item = {"name": name, "offset": int(offset), "shape": [int(n) for n in shape]}
        if base.names:
            item["fields"] = fields_of(base)
            item["itemsize"] = int(base.itemsize)
        else:
            item["format"] = base.str
            item["itemsize"] = int(base.itemsize)
        out.append(item)
    return out


def value(x, base):
    if base.kind == "b":
        return bool(x)
    if base.kind in "iu":
        return str(int(x)) if base.itemsize == 8 else int(x)
    if base.kind == "f":
        return float(x)
    if base.kind == "S":
        return bytes(x).decode("utf-8", "replace")
    return repr(x)


def columns_of(data, prefix=""):
    out = {}
    for name in data.dtype.names:
        col = data[name]
        sub = data.dtype.fields[name][0]
        base = sub.subdtype[0] if sub.subdtype else sub
        if base.names:
            out.update(columns_of(col, prefix + name + "/"))
            continue
        out[prefix + name] = [value(x, base) for x in np.asarray(col).reshape(-1)]
    return out


def make(path):
    import h5py
    import tables as tb

    class Pos(tb.IsDescription):
        x = tb.Float32Col(pos=0)
        y = tb.Int16Col(pos=1, dflt=-7)

    class Row(tb.IsDescription):
        b = tb.BoolCol(pos=0)
        i8 = tb.Int8Col(pos=1)
        u8 = tb.UInt8Col(pos=2)
        i16 = tb.Int16Col(pos=3)
        u16 = tb.UInt16Col(pos=4)
        i32 = tb.Int32Col(pos=5, dflt=42)
        u32 = tb.UInt32Col(pos=6)
        i64 = tb.Int64Col(pos=7)
        u64 = tb.UInt64Col(pos=8)
        f32 = tb.Float32Col(pos=9)
        f64 = tb.Float64Col(pos=10, dflt=1.5)
        s = tb.StringCol(6, pos=11, dflt=b"dflt")
        a = tb.Float64Col(shape=(2, 3), pos=12)
        sa = tb.StringCol(3, shape=(2,), pos=13)
        pos = Pos()

    with tb.open_file(path, "w") as f:
        t = f.create_table("/", "pt", Row)
        r = t.row
        for i in range(5):
            r["b"] = i % 2 == 1
            r["i8"] = -i
            r["u8"] = 250 + i
            r["i16"] = -1000 * i
            r["u16"] = 60000 + i
            r["i32"] = -100000 * i
            r["u32"] = 4000000000 + i
            r["i64"] = -(2**62) + i
            r["u64"] = 2**63 + i
            r["f32"] = i / 4
            r["f64"] = i * 1.25 - 3
            r["s"] = b"r%d" % i if i != 3 else b"sixsix"
            r["a"] = np.arange(6).reshape(2, 3) + 10 * i
            r["sa"] = [b"x%d" % i, b"abc"]
            r["pos/x"] = i + 0.5
            r["pos/y"] = 100 - i
            r.append()
        t.flush()
    with h5py.File(path, "a") as f:
        g = f.create_group("h5")
        dt = np.dtype([("c", "u1"), ("d", "<f8"), ("e", "<i4"), ("n", [("p", "u1"), ("q", "<f8")])], align=True)
        data = np.zeros(4, dtype=dt)
        data["c"] = [1, 2, 3, 4]
        data["d"] = [0.5, -1.5, 2.25, 1e300]
        data["e"] = [-1, 2, -3, 2**31 - 1]
        data["n"]["p"] = [9, 8, 7, 6]
        data["n"]["q"] = [0.125, 0.25, 0.5, 1.0]
        g.create_dataset("aligned", data=data)
        bools = np.zeros(3, dtype=[("flag", "?"), ("v", "<i2")])
        bools["flag"] = [True, False, True]
        bools["v"] = [1, -2, 3]
        g.create_dataset("bools", data=bools)
        odd = np.zeros(2, dtype=[("k", "<i4"), ("name", h5py.string_dtype())])
        odd["k"] = [5, 6]
        odd["name"] = ["one", "two"]
        g.create_dataset("odd", data=odd)
    emit({"made": True})


def read(path, node, tool):
    if tool == "h5py":
        import h5py

        with h5py.File(path, "r") as f:
            data = f[node][()]
            emit({"fields": fields_of(data.dtype), "columns": columns_of(data), "shape": list(data.shape)})
        return
    import tables as tb

    with tb.open_file(path, "r") as f:
        t = f.get_node(node)
        data = t.read()
        dflt = {k: value(np.asarray(v).reshape(-1)[0], np.asarray(v).dtype) for k, v in t.coldflts.items()}
        emit({"fields": fields_of(data.dtype), "columns": columns_of(data), "shape": list(data.shape),
              "dflt": dflt, "classname": t.__class__.__name__, "nrows": int(t.nrows)})


if sys.argv[1] == "make":
    make(sys.argv[2])
else:
    read(sys.argv[2], sys.argv[3], sys.argv[4])
