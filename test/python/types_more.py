"""More element types for test/native/types-more.test.ts: complex, float16, enums,
big-endian numbers, and complex/enum/compound attributes, both ways.

usage: types_more.py make FILE        h5py and PyTables write every kind (see make());
                                      prints {"made": true}
       types_more.py read FILE        h5py reads every dataset and attribute of FILE; prints
                                      {"datasets": {path: ITEM}, "attrs": {"path@name": ITEM}}
       types_more.py tables FILE PATH PyTables reads the leaf at PATH; prints {"atom": repr
                                      of its atom (or its description for a table),
                                      "value": ITEM}
ITEM: {"dtype": numpy dtype str, "shape": [...], "data": [...] flat in C order (complex as
re, im pairs flattened), "enum": {name: value} for enums, "fields": for compounds}
"""
import sys
import warnings

import numpy as np

from _enc import emit

warnings.simplefilter("ignore")


def flat(a):
    a = np.asarray(a)
    if a.dtype.names:
        return {name: flat(a[name]) for name in a.dtype.names}
    if a.dtype.kind == "c":
        return [float(x) for z in a.reshape(-1) for x in (z.real, z.imag)]
    if a.dtype.kind == "f":
        return [float(x) if np.isfinite(x) else str(x) for x in a.reshape(-1)]
    if a.dtype.kind in "iu":
        return [str(int(x)) if a.dtype.itemsize == 8 else int(x) for x in a.reshape(-1)]
    if a.dtype.kind == "b":
        return [bool(x) for x in a.reshape(-1)]
    if a.dtype.kind == "S":
        return [bytes(x).decode() for x in a.reshape(-1)]
    return [repr(x) for x in a.reshape(-1)]


def item(value, h5type=None):
    import h5py

    a = np.asarray(value)
    out = {"dtype": a.dtype.str, "shape": list(a.shape), "data": flat(a)}
    mapping = h5py.check_enum_dtype(a.dtype)
    if mapping:
        out["enum"] = {k: int(v) for k, v in mapping.items()}
    return out


def make(path):
    import h5py
    import tables as tb

    with h5py.File(path, "w") as f:
        f["c64"] = np.array([1 + 2j, -3.5 + 0.25j, 0j], dtype="<c8")
        f["c128"] = np.array([[1e300 - 1j, 2], [-0.5j, 3 + 4j]], dtype="<c16")
        f["f16"] = np.array([0.5, -2, 65504, 1 / 3, 1e-7], dtype="<f2")
        f["be_f8"] = np.array([1.5, -2.25, 1e300], dtype=">f8")
        f["be_i4"] = np.array([[1, -2], [2**31 - 1, -(2**31)]], dtype=">i4")
        f["be_c16"] = np.array([1 + 1j, -2 - 0.5j], dtype=">c16")
        colors = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 42}, basetype="i1")
        f.create_dataset("enum_h5py", data=np.array([0, 42, 1, 1], dtype="i1"), dtype=colors)
        f.attrs.create("a_c128", np.complex128(1.5 - 2j))
        f.attrs.create("a_c64s", np.array([1j, 2], dtype="<c8"))
        f.attrs.create("a_enum", np.array([42, 0], dtype="i1"), dtype=colors)
        f.attrs.create("a_f16", np.float16(0.125))
        rec = np.array([(1, 2.5, b"ab"), (-3, 0.125, b"xyz")], dtype=[("k", "<i4"), ("v", "<f8"), ("s", "S3")])
        f.attrs["a_records"] = rec
        f.attrs["a_record"] = rec[1]
    with tb.open_file(path, "a") as f:
        enum = tb.Enum({"low": 1, "mid": 5, "high": 9})
        ea = f.create_earray("/", "pt_enum", tb.EnumAtom(enum, "mid", base="uint16"), (0,))
        ea.append(np.array([1, 9, 5, 9], dtype="uint16"))
        f.create_array("/", "pt_c128", np.array([1 + 1j, 2 - 3j]))
        f.create_carray("/", "pt_f16", tb.Float16Atom(), (3,), obj=np.array([1.5, -0.25, 8], dtype="f2"))

        class Row(tb.IsDescription):
            c = tb.ComplexCol(16, pos=0)
            c8 = tb.ComplexCol(8, pos=1, shape=(2,))
            h = tb.Float16Col(pos=2)
            e = tb.EnumCol(enum, "low", base="uint8", pos=3)

        t = f.create_table("/", "pt_table", Row)
        r = t.row
        for i in range(3):
            r["c"] = complex(i, -i)
            r["c8"] = [complex(i, 0.5), complex(-1, i)]
            r["h"] = i * 0.75
            r["e"] = [1, 5, 9][i]
            r.append()
        t.flush()
        f.root._v_attrs.pt_complex = np.complex128(-1 + 0.5j)
    emit({"made": True})


def read(path):
    import h5py

    datasets, attrs = {}, {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                datasets["/" + name] = item(obj[()])
            for k in obj.attrs:
                if k in ("CLASS", "TITLE", "VERSION", "EXTDIM") or k.startswith("FIELD_"):
                    continue
                attrs["/" + name + "@" + k] = item(obj.attrs[k])
        for k in f.attrs:
            if k in ("CLASS", "TITLE", "VERSION", "PYTABLES_FORMAT_VERSION"):
                continue
            attrs["/@" + k] = item(f.attrs[k])
        f.visititems(visit)
    emit({"datasets": datasets, "attrs": attrs})


def tables(path, node):
    import tables as tb

    with tb.open_file(path, "r") as f:
        leaf = f.get_node(node)
        atom = repr(leaf.description) if isinstance(leaf, tb.Table) else repr(leaf.atom)
        out = {"atom": atom, "value": item(leaf.read())}
        if isinstance(leaf, tb.Table):
            out["coltypes"] = {k: str(v) for k, v in leaf.coltypes.items()}
        elif leaf.atom.kind == "enum":
            out["enum"] = {k: int(v) for k, v in leaf.get_enum()}
        emit(out)


{"make": lambda: make(sys.argv[2]), "read": lambda: read(sys.argv[2]),
 "tables": lambda: tables(sys.argv[2], sys.argv[3])}[sys.argv[1]]()
