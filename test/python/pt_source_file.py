# Writes a PyTables file for test/model/source.test.ts: an Array, a compressed CArray, an
# EArray in a group, attributes. Usage: pt_source_file.py <path>; prints {"ok": true}.
import json
import sys

import numpy as np
import tables

with tables.open_file(sys.argv[1], 'w', title='PT source') as f:
    f.create_array('/', 'arr', np.arange(10.0), 'An array')
    c = f.create_carray('/', 'carr', tables.Float64Atom(), (1000, 100),
                        filters=tables.Filters(5, 'zlib'), chunkshape=(100, 100))
    c[:] = np.sin(np.arange(100000.0)).reshape(1000, 100)
    g = f.create_group('/', 'g', 'Group')
    e = f.create_earray(g, 'ea', tables.Int32Atom(), (0, 3))
    e.append(np.arange(30, dtype='i4').reshape(10, 3))
    f.root._v_attrs.answer = 42
print(json.dumps({'ok': True}))
