"""Seed files for the fuzzer (scripts/fuzz/), written by h5py and PyTables.

usage: /usr/bin/python3 seeds.py OUT_DIR      prints the names it wrote, one a line

Each file packs many HDF5 structures into a few KB, so a mutation lands in something
interesting: both libver bounds, compact and dense groups (h5py's track_order and many
links), chunked and compressed data, every attribute type (vlen and fixed strings, arrays,
empty/null), soft, hard and external links.
"""
import os
import sys

import h5py
import numpy as np

out = sys.argv[1]
written = []


def path(name):
    written.append(name)
    return os.path.join(out, name)


def attrs_of_every_type(a):
    a["vlen_attr"] = "a variable-length string"
    a["vlen_list"] = ["x", "yy", "zzz"]
    a["fixed_attr"] = np.bytes_(b"fixed-bytes")
    a["fixed_list"] = np.array([b"ab", b"cde"])
    a["i8"] = np.int8(-3)
    a["u16"] = np.uint16(65000)
    a["i64"] = np.int64(-2 ** 40)
    a["u64"] = np.uint64(2 ** 63)
    a["f32"] = np.float32(1.5)
    a["f64_arr"] = np.linspace(0, 1, 7)
    a["int_2d"] = np.arange(6, dtype="int32").reshape(2, 3)
    a["be"] = np.array([1, 256], dtype=">i4")
    a["bool"] = np.bool_(True)
    a["empty"] = h5py.Empty("f8")                     # NULL dataspace
    a["empty_str"] = h5py.Empty(h5py.string_dtype())
    a.create("array_type", data=np.zeros(2, dtype=np.dtype(("i4", (3,)))))   # H5T_ARRAY
    a["compound"] = np.array([(1, 2.5)], dtype=[("a", "i4"), ("b", "f8")])
    a["complex"] = np.complex128(1 + 2j)
    a["f16"] = np.float16(0.5)


def h5py_file(name, libver):
    with h5py.File(path(name), "w", libver=libver) as f:
        attrs_of_every_type(f.attrs)
        f.create_dataset("ints", data=np.arange(12, dtype="int64").reshape(3, 4))
        f.create_dataset("floats", data=np.linspace(0, 1, 50, dtype="float32"))
        f.create_dataset("scalar", data=np.float64(-3.5))
        f.create_dataset("bools", data=np.array([True, False, True]))
        f.create_dataset("vlen_strings", data=["one", "two", "thrée"], dtype=h5py.string_dtype())
        f.create_dataset("fixed_strings", data=np.array([b"ab", b"cde", b"f"]))
        f.create_dataset("fixed_arr", data=np.arange(24, dtype="int16").reshape(2, 3, 4))
        f.create_dataset("gzip", data=np.arange(2000, dtype="uint16"), chunks=(100,),
                         compression="gzip", compression_opts=4, shuffle=True)
        f.create_dataset("fletcher", data=np.arange(300, dtype="float64").reshape(30, 10),
                         chunks=(7, 4), fletcher32=True)
        f.create_dataset("resizable", data=np.arange(10, dtype="int32"), maxshape=(None,), chunks=(4,))
        f.create_dataset("sparse", shape=(1000,), dtype="f8", chunks=(64,), fillvalue=7.0)
        f.create_dataset("empty_ds", data=h5py.Empty("i4"))
        f.create_dataset("big_endian", data=np.array([1, 256, -1], dtype=">i2"))
        f.create_dataset("vlen_chunked", data=["s%d" % i for i in range(40)],
                         dtype=h5py.string_dtype(), chunks=(8,), compression="gzip")
        compact = f.create_group("compact")
        compact.attrs["description"] = "a few links"
        compact.create_dataset("leaf", data=np.array([7, 8, 9], dtype="uint8"))
        compact.create_group("sub").create_dataset("deep", data=np.arange(4.0))
        dense = f.create_group("dense", track_order=True)
        for i in range(40):
            if i % 3 == 0:
                dense.create_group("g%02d" % i)
            else:
                dense.create_dataset("d%02d" % i, data=np.arange(i, dtype="int32"))
        for i in range(20):
            dense.attrs["attr%02d" % i] = "value %d" % i
        f["soft"] = h5py.SoftLink("/ints")
        f["dangling"] = h5py.SoftLink("/nowhere")
        f["hard"] = f["floats"]
        f["external"] = h5py.ExternalLink("no-such-file.h5", "/x")


def strings_file(name):
    with h5py.File(path(name), "w") as f:
        f.attrs["a_vlen"] = "root vlen string"
        f.attrs["a_vlen_list"] = ["α", "β", "γγ"]
        f.attrs["a_fixed"] = np.bytes_(b"fixed")
        f.attrs.create("a_fixed_utf8", "fixé".encode(), dtype=h5py.string_dtype("utf-8", 6))
        f.create_dataset("vlen", data=["a", "bb", "ccc", ""], dtype=h5py.string_dtype())
        f.create_dataset("vlen_ascii", data=[b"x", b"yy"], dtype=h5py.string_dtype("ascii"))
        f.create_dataset("fixed", data=np.array([b"12345", b"1"]))
        f.create_dataset("vlen_2d", data=np.array([["a", "b"], ["c", "d"]], dtype=object),
                         dtype=h5py.string_dtype())


def biggroup_file(name):
    with h5py.File(path(name), "w", libver="latest") as f:
        for i in range(120):
            g = f.create_group("g%03d" % i)
            if i % 10 == 0:
                g.create_dataset("x", data=np.arange(3))
                g.attrs["i"] = i


def pytables_files():
    import tables

    class Row(tables.IsDescription):
        i = tables.Int32Col(pos=0)
        x = tables.Float64Col(shape=(2,), pos=1)
        s = tables.StringCol(8, pos=2)

    for name, filters in (("pytables.h5", tables.Filters(complevel=5, complib="zlib", shuffle=True)),
                          ("pytables_blosc.h5", tables.Filters(complevel=5, complib="blosc:lz4")),
                          ("pytables_plain.h5", None)):
        with tables.open_file(path(name), "w", title="PyTables seed") as f:
            f.root._v_attrs.text = "utf8 ünïcode"
            f.root._v_attrs.bytes = b"bytes"
            f.root._v_attrs.arr = np.arange(5, dtype="float32")
            f.root._v_attrs.num = 3
            f.root._v_attrs.pickled = {"a": 1}
            f.root._v_attrs.empty = ""
            f.create_array("/", "array", np.arange(20, dtype="int16").reshape(4, 5), "Array")
            f.create_array("/", "strings", [b"ab", b"cd"], "strings")
            f.create_carray("/", "carray", obj=np.arange(1000, dtype="float64").reshape(100, 10),
                            filters=filters, chunkshape=(10, 10))
            ea = f.create_earray("/", "earray", tables.Int64Atom(), (0, 3), filters=filters,
                                 expectedrows=100, chunkshape=(4, 3))
            ea.append(np.arange(30, dtype="int64").reshape(10, 3))
            vl = f.create_vlarray("/", "vlarray", tables.Int32Atom(), filters=filters, chunkshape=4)
            for i in range(5):
                vl.append(np.arange(i, dtype="int32"))
            vs = f.create_vlarray("/", "vlstring", tables.VLStringAtom(), chunkshape=4)
            vs.append(b"hello")
            vs.append(b"")
            t = f.create_table("/", "table", Row, "Table", filters=filters, chunkshape=16)
            t.append([(i, (i, -i), b"r%d" % i) for i in range(50)])
            g = f.create_group("/", "group", "Group")
            for i in range(25):
                f.create_array(g, "a%02d" % i, np.arange(i + 1, dtype="uint8"))
            f.create_soft_link("/", "soft", "/array")
            f.create_hard_link("/", "hard", "/carray")
    pytables_leaves_file()


def pytables_leaves_file():
    """A Table with nested columns, an enum and strings; VLArrays of every atom kind;
    compound and enum attributes."""
    import tables

    colors = tables.Enum(["red", "green", "blue"])

    class Inner(tables.IsDescription):
        k = tables.Int64Col(pos=0)
        flag = tables.BoolCol(pos=1)

    class Nested(tables.IsDescription):
        id = tables.UInt16Col(pos=0)
        name = tables.StringCol(10, pos=1)
        color = tables.EnumCol(colors, "green", base="uint8", pos=2)
        z = tables.ComplexCol(16, pos=3)
        grid = tables.Int16Col(shape=(2, 2), pos=4)
        inner = Inner

    with tables.open_file(path("pytables_leaves.h5"), "w", title="leaves") as f:
        t = f.create_table("/", "nested", Nested, "Nested", chunkshape=8,
                           filters=tables.Filters(complevel=3, complib="zlib"))
        row = t.row
        for i in range(20):
            row["id"] = i
            row["name"] = b"n%d" % i
            row["color"] = i % 3
            row["z"] = complex(i, -i)
            row["grid"] = np.arange(4, dtype="int16").reshape(2, 2) * i
            row["inner/k"] = i * 2 ** 40
            row["inner/flag"] = i % 2 == 0
            row.append()
        t.flush()
        t.attrs.rec = np.array([(1, 2.5, b"ab")], dtype=[("a", "i4"), ("b", "f8"), ("s", "S4")])[0]
        t.attrs.recs = np.array([(1, (2, 3.0)), (4, (5, 6.0))],
                                dtype=[("a", "i2"), ("n", [("x", "u1"), ("y", "f4")])])
        atoms = {"int8": tables.Int8Atom(), "uint32": tables.UInt32Atom(), "int64": tables.Int64Atom(),
                 "float64": tables.Float64Atom(), "bool": tables.BoolAtom(),
                 "complex": tables.ComplexAtom(16), "str": tables.StringAtom(5),
                 "shaped": tables.Int32Atom(shape=(2,)), "enum": tables.EnumAtom(colors, "red", base="uint8")}
        for name, atom in atoms.items():
            vl = f.create_vlarray("/", "vl_" + name, atom, chunkshape=4)
            for i in range(5):
                vl.append(np.ones((i,) + atom.shape, dtype=atom.dtype.base))
        vs = f.create_vlarray("/", "vl_vlstring", tables.VLStringAtom(), chunkshape=4)
        vu = f.create_vlarray("/", "vl_vlunicode", tables.VLUnicodeAtom(), chunkshape=4)
        vo = f.create_vlarray("/", "vl_object", tables.ObjectAtom(), chunkshape=4)
        for i in range(4):
            vs.append(b"x" * i)
            vu.append("ü" * i)
            vo.append({"i": i})


h5py_file("h5py_earliest.h5", "earliest")
h5py_file("h5py_latest.h5", "latest")
strings_file("strings.h5")
biggroup_file("biggroup.h5")
pytables_files()
print("\n".join(written))
