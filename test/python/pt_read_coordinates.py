"""PyTables' Table.read_coordinates, for test/model/table-coords.test.ts.

  pt_read_coordinates.py PATH TABLE COORDS_JSON [FIELD]

Prints one JSON line: {"columns": {leaf path: values}} (a field: {"field": values,
"shape": [...]}), or {"error": exception class name, "message": ...}.
"""
import json
import sys

import numpy as np
import tables


def plain(v):
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v]
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).decode('utf-8')
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.complexfloating):
        return [float(v.real), float(v.imag)]
    return v


def leaves(arr, at=''):
    out = {}
    for name in arr.dtype.names:
        path = at + name
        if arr.dtype[name].names:
            out.update(leaves(arr[name], path + '/'))
        else:
            out[path] = plain(arr[name])
    return out


path, node, coords = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
field = sys.argv[4] if len(sys.argv) > 4 else None
with tables.open_file(path) as f:
    t = f.get_node(node)
    try:
        r = t.read_coordinates(coords, field=field)
    except Exception as e:  # the class and message are the result
        print(json.dumps({'error': type(e).__name__, 'message': str(e)}))
        sys.exit(0)
    if r.dtype.names:
        print(json.dumps({'columns': leaves(r)}))
    else:
        print(json.dumps({'field': plain(r), 'shape': list(r.shape)}))
