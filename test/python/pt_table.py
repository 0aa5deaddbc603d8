"""PyTables tables for test/model/description.test.ts, test/model/table.test.ts and
test/interop/table.test.ts.

usage: pt_table.py describe SPEC      PyTables makes a table of the description SPEC (JSON, see
                                     below) in a CORE file, appends ROWS (SPEC's "_rows": row
                                     dicts, nested columns as 'a/b' keys) and prints its printed
                                     forms: {"str", "repr", "descr_str", "descr_repr", "colnames",
                                     "colpathnames", "coltypes", "rowsize", "chunkshape", "cols_str",
                                     "cols_repr", "col_str": {path: str(column)}, "row_str",
                                     "given_reprs": {name: repr(the Col as given)}}
       pt_table.py read FILE PATH     PyTables reads the table at PATH: {"classname", "str", "repr",
                                     "nrows", "colpathnames", "coltypes", "coldflts", "columns":
                                     {path: encoded array}, "attrs": {name: encoded attribute},
                                     "enums": {path: repr(get_enum(path))}}
       pt_table.py make FILE          PyTables writes /kinds (every column kind, nested, shaped,
                                     defaults), /indexed (a table with an index on 'k') and h5py
                                     /h5/plain (a compound dataset, no CLASS), /h5/vlenfield (a
                                     vlen string member) and /h5/longdouble (a long double member);
                                     prints {"made": true}
       pt_table.py classes FILE PATH...  the PyTables class of each node: {"classes": [...]}
       pt_table.py append FILE PATH N  PyTables appends N rows of its columns' defaults with
                                     column 'i' (an Int32Col) set to 1000 + n; prints {"nrows"}

SPEC: {"name": COL, "nested": {"_v_pos": 1, "name": COL}, "_expectedrows": 1000, "_title": "T",
"_file": a path to write the table to (default: an in-memory file)}
with COL {"col": "Int32Col", "kw": {"shape": [2], "dflt": 1, "pos": 0}} (StringCol: "itemsize";
ComplexCol: "itemsize"; EnumCol: "enum" (names), "dflt" (a name), "base" (a dtype name));
string defaults are given as text and stored as bytes, complex ones as [re, im].
"""
import json
import sys
import warnings

import numpy as np

from _enc import emit, enc_array, enc_attr

warnings.simplefilter("ignore")


def make_col(tb, spec):
    kw = dict(spec.get("kw", {}))
    if "shape" in kw:
        kw["shape"] = tuple(kw["shape"])
    name = spec["col"]
    if name == "EnumCol":
        return tb.EnumCol(spec["enum"], spec["dflt"], base=spec.get("base", "uint32"), **kw)
    if name == "StringCol":
        if "dflt" in kw:
            kw["dflt"] = kw["dflt"].encode()
        return tb.StringCol(spec["itemsize"], **kw)
    if name == "ComplexCol":
        if "dflt" in kw:
            kw["dflt"] = complex(*kw["dflt"])
        return tb.ComplexCol(spec["itemsize"], **kw)
    return getattr(tb, name)(**kw)


def make_description(tb, spec):
    out = {}
    for name, value in spec.items():
        if name.startswith("_") and name != "_v_pos":
            continue
        if name == "_v_pos":
            out[name] = value
        elif "col" in value:
            out[name] = make_col(tb, value)
        else:
            out[name] = make_description(tb, value)
    return out


def describe(spec_text):
    import tables as tb

    spec = json.loads(spec_text)
    descr = make_description(tb, spec)
    given = {k: repr(v) for k, v in descr.items() if isinstance(v, tb.Col)}
    where = spec.get("_file")
    store = {} if where else {"driver": "H5FD_CORE", "driver_core_backing_store": 0}
    with tb.open_file(where or "describe.h5", "w", **store) as f:
        kw = {}
        if "_expectedrows" in spec:
            kw["expectedrows"] = spec["_expectedrows"]
        t = f.create_table("/", "t", descr, spec.get("_title", ""), **kw)
        for values in spec.get("_rows", []):
            row = t.row
            for k, v in values.items():
                row[k] = v.encode() if isinstance(v, str) else v
            row.append()
        t.flush()
        emit(
            {
                "str": str(t),
                "repr": repr(t),
                "descr_str": str(t.description),
                "descr_repr": repr(t.description),
                "colnames": list(t.colnames),
                "colpathnames": list(t.colpathnames),
                "coltypes": dict(t.coltypes),
                "rowsize": int(t.rowsize),
                "chunkshape": [int(n) for n in t.chunkshape],
                "cols_str": str(t.cols),
                "cols_repr": repr(t.cols),
                "col_str": {p: str(t.cols._f_col(p)) for p in t.colpathnames},
                "nested_repr": {
                    p: repr(t.cols._f_col(p))
                    for p in t.description._v_pathnames
                    if isinstance(t.cols._f_col(p), tb.table.Cols)
                },
                "row_str": str(t.row),
                "given_reprs": given,
            }
        )


def enc_values(a):
    """enc_array, complex numbers as interleaved re, im (the h5tables layout), shape kept."""
    a = np.asarray(a)
    if a.dtype.kind == "c":
        out = enc_array(np.ascontiguousarray(a).view(a.real.dtype))
        out.update(dtype=a.dtype.str, shape=[int(d) for d in a.shape])
        return out
    return enc_array(a)


def leaf_columns(t, data):
    out = {}
    for path in t.colpathnames:
        col = data
        for part in path.split("/"):
            col = col[part]
        out[path] = enc_values(col)
    return out


def attr(v):
    if isinstance(v, np.complexfloating):
        return {"pytype": type(v).__name__, "dtype": v.dtype.str, "value": [float(v.real), float(v.imag)]}
    return enc_attr(v)


def read(path, node):
    import tables as tb

    with tb.open_file(path, "r") as f:
        t = f.get_node(node)
        data = t.read()
        emit(
            {
                "classname": t.__class__.__name__,
                "str": str(t),
                "repr": repr(t),
                "nrows": int(t.nrows),
                "colpathnames": list(t.colpathnames),
                "coltypes": dict(t.coltypes),
                "coldflts": {k: enc_values(v) for k, v in t.coldflts.items()},
                "columns": leaf_columns(t, data),
                "attrs": {k: attr(t.attrs[k]) for k in t.attrs._v_attrnames},
                "enums": {p: repr(t.get_enum(p)) for p, k in t.coltypes.items() if k == "enum"},
            }
        )


def make(path):
    import h5py
    import tables as tb

    class Inner(tb.IsDescription):
        _v_pos = 1
        q = tb.Float32Col(pos=1)
        p = tb.Int16Col(pos=0, dflt=-7)

    class Kinds(tb.IsDescription):
        i = tb.Int32Col(pos=0, dflt=3)
        l = tb.Int64Col()
        u = tb.UInt64Col()
        f = tb.Float64Col(dflt=1.5)
        h = tb.Float16Col()
        s = tb.StringCol(5, dflt=b"ab")
        b = tb.BoolCol(dflt=True)
        c = tb.ComplexCol(16, dflt=1 - 2j)
        c8 = tb.ComplexCol(8)
        e = tb.EnumCol(["red", "green", "blue"], "green", base="uint8")
        a = tb.Float32Col(shape=(2, 3))
        inner = Inner()

    with tb.open_file(path, "w") as f:
        t = f.create_table("/", "kinds", Kinds, "every kind", filters=tb.Filters(1))
        r = t.row
        enum = t.get_enum("e")
        for n in range(7):
            r["i"] = -n * 1000
            r["l"] = -(2**62) + n
            r["u"] = 2**63 + n
            r["f"] = n / 8
            r["h"] = n * 0.5
            r["s"] = b"s%d" % n if n != 4 else b"fives"
            r["b"] = n % 3 == 0
            r["c"] = complex(n, -n)
            r["c8"] = complex(n / 2, 1)
            r["e"] = enum[["red", "green", "blue"][n % 3]]
            r["a"] = np.arange(6).reshape(2, 3) * n
            r["inner/p"] = n - 3
            r["inner/q"] = n * 0.25
            r.append()
        t.flush()
        ix = f.create_table("/", "indexed", {"k": tb.Int32Col(pos=0), "v": tb.Float64Col(pos=1)}, "with an index")
        ix.append([(k % 17, k * 0.5) for k in range(100)])
        ix.cols.k.create_index()
        ix.flush()
    with h5py.File(path, "a") as f:
        g = f.create_group("h5")
        dt = np.dtype([("x", "<f8"), ("n", "<i2"), ("name", "S4")])
        data = np.zeros(3, dtype=dt)
        data["x"] = [0.5, -1.5, 3.0]
        data["n"] = [1, -2, 3]
        data["name"] = [b"one", b"two", b"thre"]
        g.create_dataset("plain", data=data)
        odd = np.zeros(2, dtype=[("k", "<i4"), ("name", h5py.string_dtype())])
        odd["k"] = [5, 6]
        odd["name"] = ["one", "two"]
        g.create_dataset("vlenfield", data=odd)
        g.create_dataset("longdouble", data=np.zeros(2, dtype=[("k", "<i4"), ("x", np.longdouble)]))
    emit({"made": True})


def classes(path, nodes):
    import tables as tb

    with tb.open_file(path, "r") as f:
        emit({"classes": [f.get_node(n).__class__.__name__ for n in nodes]})


def append(path, node, n):
    import tables as tb

    with tb.open_file(path, "a") as f:
        t = f.get_node(node)
        r = t.row
        for k in range(n):
            r["i"] = 1000 + k
            r.append()
        t.flush()
        emit({"nrows": int(t.nrows)})


if sys.argv[1] == "describe":
    describe(sys.argv[2])
elif sys.argv[1] == "read":
    read(sys.argv[2], sys.argv[3])
elif sys.argv[1] == "make":
    make(sys.argv[2])
elif sys.argv[1] == "classes":
    classes(sys.argv[2], sys.argv[3:])
elif sys.argv[1] == "append":
    append(sys.argv[2], sys.argv[3], int(sys.argv[4]))
else:
    sys.exit("usage: pt_table.py describe SPEC | read FILE PATH | make FILE | append FILE PATH N")
