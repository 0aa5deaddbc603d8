"""Compound (structured) attributes through PyTables and h5py, for test/model/attr-records.test.ts.

  attr_records.py read PATH NODE NAME...   what PyTables and h5py read: dtype descr and values
  attr_records.py write PATH               writes structured attributes on / with both

Prints one JSON line.
"""
import json
import sys

import h5py
import numpy as np
import tables


def plain(v):
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v.tolist()] if v.dtype.names is None else [plain(x) for x in v]
    if isinstance(v, np.void) and v.dtype.names is not None:
        return {n: plain(v[n]) for n in v.dtype.names}
    if isinstance(v, (tuple, list)):
        return [plain(x) for x in v]
    if isinstance(v, (bytes, np.bytes_)):
        return {'bytes': bytes(v).decode('utf-8')}
    if isinstance(v, (complex, np.complexfloating)):
        return {'re': float(v.real), 'im': float(v.imag)}
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return {'int': str(int(v))}
    if isinstance(v, (np.floating, float)):
        return float(v)
    return v


def descr(dtype):
    return [list(d) if len(d) == 2 else [d[0], d[1], list(d[2])] for d in np.dtype(dtype).descr]


def read(path, node, names):
    out = {'pytables': {}, 'h5py': {}}
    with tables.open_file(path) as f:
        attrs = f.get_node(node)._v_attrs
        for n in names:
            v = getattr(attrs, n)
            out['pytables'][n] = {'type': type(v).__name__, 'descr': descr(v.dtype), 'shape': list(v.shape), 'value': plain(v)}
    with h5py.File(path, 'r') as f:
        for n in names:
            v = f[node].attrs[n]
            out['h5py'][n] = {'type': type(v).__name__, 'descr': descr(v.dtype), 'shape': list(v.shape), 'value': plain(v)}
    return out


POINT = np.dtype([('x', '<i4'), ('y', '<f4'), ('name', 'S5'), ('ok', '?'), ('z', '<c16'), ('v', '<u2', (3,)),
                  ('inner', [('a', '<i8'), ('b', '<f8')])])


def write(path):
    rows = np.array([(1, 2.5, b'ab', True, 1 - 2j, (1, 2, 3), (7, 0.5)),
                     (-4, 0.25, b'hello', False, 3j, (4, 5, 6), (-8, 1.5))], dtype=POINT)
    with tables.open_file(path, 'w') as f:
        f.root._v_attrs.pt_one = rows[0]
        f.root._v_attrs.pt_many = rows
    with h5py.File(path, 'a') as f:
        f['/'].attrs['h5_one'] = rows[1]
        f['/'].attrs['h5_many'] = rows
    return {'written': ['pt_one', 'pt_many', 'h5_one', 'h5_many']}


if __name__ == '__main__':
    cmd, path = sys.argv[1], sys.argv[2]
    print(json.dumps(read(path, sys.argv[3], sys.argv[4:]) if cmd == 'read' else write(path)))
