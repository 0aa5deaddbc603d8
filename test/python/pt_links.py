"""Links as PyTables 3.7 sees and makes them, as one JSON line.

usage: pt_links.py make DIR     PyTables writes DIR/ext.h5 (/x, /g) and DIR/pt.h5 with every
                                kind of link; h5py writes DIR/h5py.h5 with its own
       pt_links.py read PATH    how PyTables lists, prints and follows the links of PATH
"""
import sys

import h5py
import numpy as np
import tables

from _enc import emit


def make(d):
    with tables.open_file(f'{d}/ext.h5', 'w') as e:
        e.create_array('/', 'x', np.arange(3, dtype='<i4'), 'X')
        e.create_group('/', 'g')
    with tables.open_file(f'{d}/pt.h5', 'w') as f:
        f.create_array('/', 'c', np.arange(4, dtype='<f8'), 'C')
        g = f.create_group('/', 'grp')
        f.create_array(g, 'inner', np.arange(2, dtype='<i2'))
        f.create_soft_link('/', 'sl', '/c')
        f.create_soft_link('/', 'slg', g)
        f.create_soft_link('/', 'dang', '/nowhere')
        f.create_soft_link('/grp', 'rel', 'inner')
        f.create_external_link('/', 'el', 'ext.h5:/x')
        f.create_external_link('/', 'missing', 'nofile.h5:/x')
        f.create_hard_link('/', 'hl', '/c')
        f.create_soft_link('/deep/er', 'sl2', '/c', createparents=True)
    with h5py.File(f'{d}/h5py.h5', 'w') as f:
        f['data'] = np.arange(5, dtype='<i8')
        f['soft'] = h5py.SoftLink('/data')
        f['dangling'] = h5py.SoftLink('/gone')
        f['ext'] = h5py.ExternalLink('ext.h5', '/g')
        f['hard'] = f['data']
    emit({'ok': True})


def read(p):
    out = {'walk': [], 'deref': {}, 'targets': {}}
    with tables.open_file(p) as f:
        for n in f.walk_nodes('/'):
            out['walk'].append([n._v_pathname, type(n).__name__, str(n)])
            if isinstance(n, tables.link.Link):
                out['targets'][n._v_pathname] = n.target
            if isinstance(n, tables.link.SoftLink) and '(dangling)' not in str(n):
                out['deref'][n._v_pathname] = str(n.dereference())
            if isinstance(n, tables.link.ExternalLink):
                try:
                    out['deref'][n._v_pathname] = str(n())
                except OSError as err:
                    out['deref'][n._v_pathname] = 'OSError: ' + str(err)
                n.umount()
        out['rootRepr'] = repr(f.root)
        out['tree'] = str(f).split('Object Tree: \n', 1)[1]
        out['links'] = [str(n) for n in f.list_nodes('/', 'Link')]
        out['leaves'] = [str(n) for n in f.list_nodes('/', 'Leaf')]
    emit(out)


if __name__ == '__main__':
    {'make': make, 'read': read}[sys.argv[1]](sys.argv[2])
