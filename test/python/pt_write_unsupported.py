"""Write a PyTables file holding types h5tables does not read, beside ones it does.

usage: pt_write_unsupported.py FILE_PATH      prints {"ok": true}
"""
import sys

import numpy as np
import tables

from _enc import emit


class Row(tables.IsDescription):
    name = tables.StringCol(8)
    value = tables.Float64Col()


with tables.open_file(sys.argv[1], "w", title="Unsupported types") as f:
    # Long doubles (numpy's complex256, float128): h5tables reads neither.
    f.create_array("/", "complex", np.array([1 + 2j, 3 - 4j], dtype=np.clongdouble), title="Complex")
    f.create_array("/", "longdouble", np.array([0.5, 1.5], dtype=np.longdouble), title="Long double")
    t = f.create_table("/", "table", Row, title="Table")
    t.append([(b"a", 1.0), (b"b", 2.0)])
    vl = f.create_vlarray("/", "vlarray", tables.Int32Atom(), title="VLArray")
    vl.append([1, 2, 3])
    f.create_array("/", "plain", np.array([1, 2, 3], dtype="int16"), title="Plain")
    f.root._v_attrs.cplx = np.clongdouble(1 + 1j)
    f.root._v_attrs.ok = "fine"

emit({"ok": True})
