"""Write a file with PyTables (and an image from an in-memory PyTables file).

usage: pt_write.py FILE_PATH IMAGE_PATH

FILE_PATH gets the file below; IMAGE_PATH gets the bytes of get_file_image() taken from
an in-memory (CORE, no backing store) PyTables file. Prints {"ok": true}.
The test (test/interop/interop.test.ts) asserts the exact values written here.
"""
import sys

import numpy as np
import tables

from _enc import emit

path, image_path = sys.argv[1], sys.argv[2]

NUMERIC = {
    "int8": [-128, -1, 0, 127],
    "uint8": [0, 1, 200, 255],
    "int16": [-32768, -2, 3, 32767],
    "uint16": [0, 7, 40000, 65535],
    "int32": [-2147483648, -3, 5, 2147483647],
    "uint32": [0, 9, 3000000000, 4294967295],
    "int64": [-(2**63), -4, 2**53 + 1, 2**63 - 1],
    "uint64": [0, 11, 2**63, 2**64 - 1],
    "float32": [-1.5, 0.0, 3.25, 65504.0],
    "float64": [-1.5, 0.0, 3.141592653589793, 1e300],
}

with tables.open_file(path, "w", title="PyTables file") as f:
    for dt, values in NUMERIC.items():
        f.create_array("/", "a_" + dt, np.array(values, dtype=dt), title="Title " + dt)
    f.create_array("/", "bools", np.array([True, False, True]), title="Booleans")
    f.create_array("/", "strings", np.array([b"alpha", b"be", b""]), title="Strings")
    f.create_array("/", "matrix", np.arange(12, dtype="int32").reshape(3, 4), title="Matrix")
    f.create_array("/", "cube", np.arange(24, dtype="float64").reshape(2, 3, 4) / 4)
    f.create_array("/", "scalar_f", np.float64(2.5), title="Scalar")
    f.create_array("/", "scalar_i", np.int32(-7))
    f.create_array("/", "big_endian_i4", np.array([1, -2, 300], dtype=">i4"))
    f.create_array("/", "big_endian_f8", np.array([0.5, -1e-300, 7.0], dtype=">f8"))
    f.create_array("/", "pylist", [1, 2, 3], title="Python list")
    f.create_array("/", "empty", np.zeros((0,), dtype="float64"))

    g1 = f.create_group("/", "g1", title="Group one")
    sub = f.create_group(g1, "sub", title="Sub group")
    deep = f.create_array(sub, "deep", np.array([[1.5, 2.5], [3.5, 4.5]], dtype="float32"),
                          title="Deep array")
    f.create_group("/", "empty_group")

    a = f.root._v_attrs
    a.f_str = "hello wörld"
    a.f_int = 42
    a.f_float = 1.25
    a.f_bool = True
    a.f_empty = ""
    a.f_int16s = np.array([1, -2, 3], dtype="int16")
    a.f_uint64 = np.uint64(2**64 - 1)
    a.f_floats = np.array([0.5, 1.5], dtype="float32")
    g1._v_attrs.units = "m/s"
    g1._v_attrs.count = np.int32(5)
    deep.attrs.scale = 0.125
    deep.attrs.flags = np.array([True, False])

with tables.open_file("pt-image-source.h5", "w", title="Image from PyTables", driver="H5FD_CORE",
                      driver_core_backing_store=0) as m:
    m.create_array("/", "data", np.arange(10, dtype="int16"), title="Ten shorts")
    grp = m.create_group("/", "grp", title="Image group")
    x = m.create_array(grp, "x", np.array([[1.0, 2.0, 3.0]]), title="Row")
    x.attrs.origin = "pytables image"
    m.flush()
    image = m.get_file_image()
with open(image_path, "wb") as fh:
    fh.write(image)

emit({"ok": True, "image_size": len(image)})
