# Hostile files that reach other files, made with h5py (and PyTables for its own links).
#
#   make_external.py <dir> <cwd>
#
# <dir>/victim/ holds what an upload must not reach: secret.bin (bytes), other.h5 (/data:
# int32 0..9, group /g with attribute 'mark'), grow.h5 (/data: 0..4, extendible), pipe (a FIFO). <dir>/uploads/ holds:
#   efl.h5      /abs: external storage in victim/secret.bin by absolute path; /rel: the
#               same by a path relative to <cwd> (HDF5 resolves it against the process's
#               current directory); /passwd: in /etc/passwd; /plain: an ordinary dataset
#   efl_fifo.h5 /x: external storage in the FIFO; /zero: in /dev/zero (a device)
#   vds.h5      /abs, /rel: virtual datasets of victim/other.h5:/data (absolute, and
#               relative to the file's own directory: ../victim/other.h5); /self: a virtual
#               dataset of /local in the same file ('.'), /local: 10 float64
#   vds_efl.h5  /v: a virtual dataset of /e in the same file, /e: external storage in secret.bin
#   vds_fifo.h5 /x: a virtual dataset whose source is the FIFO
#   vds_unlimited.h5  /grow, /fifo: unlimited virtual mappings of victim/grow.h5:/data
#               (0..4, extendible) and of the FIFO
#   elink.h5    /ext -> victim/other.h5:/g, /extdata -> victim/other.h5:/data, /fifo -> the
#               FIFO, /sl: a soft link to /extdata, /plain: 3 float64
#   pt_elink.h5 PyTables' create_external_link: /lnk -> victim/other.h5:/data
# Prints {"ok": true} and the paths.
import json
import os
import sys

import h5py
import numpy as np
import tables

root = os.path.abspath(sys.argv[1])
cwd = os.path.abspath(sys.argv[2])
victim = os.path.join(root, 'victim')
uploads = os.path.join(root, 'uploads')
os.makedirs(victim, exist_ok=True)
os.makedirs(uploads, exist_ok=True)

secret = os.path.join(victim, 'secret.bin')
with open(secret, 'wb') as out:
    out.write(bytes(range(65, 65 + 32)))  # 'ABC...'
other = os.path.join(victim, 'other.h5')
with h5py.File(other, 'w') as f:
    f['data'] = np.arange(10, dtype='<i4')
    g = f.create_group('g')
    g.attrs['mark'] = 7
grow = os.path.join(victim, 'grow.h5')
with h5py.File(grow, 'w') as f:
    f.create_dataset('data', data=np.arange(5, dtype='<i4'), maxshape=(None,), chunks=(5,))
pipe = os.path.join(victim, 'pipe')
os.mkfifo(pipe)

with h5py.File(os.path.join(uploads, 'efl.h5'), 'w') as f:
    f.create_dataset('abs', shape=(16,), dtype='u1', external=[(secret, 0, 16)])
    f.create_dataset('rel', shape=(16,), dtype='u1', external=[(os.path.relpath(secret, cwd), 0, 16)])
    f.create_dataset('passwd', shape=(16,), dtype='u1', external=[('/etc/passwd', 0, 16)])
    f['plain'] = np.arange(4, dtype='<f8')

with h5py.File(os.path.join(uploads, 'efl_fifo.h5'), 'w') as f:
    f.create_dataset('x', shape=(16,), dtype='u1', external=[(pipe, 0, 16)])
    f.create_dataset('zero', shape=(16,), dtype='u1', external=[('/dev/zero', 0, 16)])


def vds(f, name, source_file, source_name='data'):
    layout = h5py.VirtualLayout(shape=(10,), dtype='<i4')
    layout[:] = h5py.VirtualSource(source_file, source_name, shape=(10,))
    f.create_virtual_dataset(name, layout, fillvalue=-1)


with h5py.File(os.path.join(uploads, 'vds.h5'), 'w') as f:
    vds(f, 'abs', other)
    vds(f, 'rel', os.path.join('..', 'victim', 'other.h5'))
    f['local'] = np.arange(10, dtype='<i4') * 2
    vds(f, 'self', '.', 'local')

with h5py.File(os.path.join(uploads, 'vds_efl.h5'), 'w') as f:
    f.create_dataset('e', shape=(16,), dtype='u1', external=[(secret, 0, 16)])
    layout = h5py.VirtualLayout(shape=(16,), dtype='u1')
    layout[:] = h5py.VirtualSource('.', 'e', shape=(16,))
    f.create_virtual_dataset('v', layout, fillvalue=0)

with h5py.File(os.path.join(uploads, 'vds_fifo.h5'), 'w') as f:
    vds(f, 'x', pipe)


def unlimited(f, name, source_file):
    # HDF5 opens the source of an unlimited mapping to learn the extent (H5Dget_space).
    layout = h5py.VirtualLayout(shape=(5,), maxshape=(None,), dtype='<i4')
    source = h5py.VirtualSource(source_file, 'data', shape=(5,), maxshape=(None,))
    layout[0:h5py.h5s.UNLIMITED] = source[0:h5py.h5s.UNLIMITED]
    f.create_virtual_dataset(name, layout, fillvalue=-1)


with h5py.File(os.path.join(uploads, 'vds_unlimited.h5'), 'w') as f:
    unlimited(f, 'grow', grow)
    unlimited(f, 'fifo', pipe)

with h5py.File(os.path.join(uploads, 'elink.h5'), 'w') as f:
    f['ext'] = h5py.ExternalLink(other, '/g')
    f['extdata'] = h5py.ExternalLink(other, '/data')
    f['fifo'] = h5py.ExternalLink(pipe, '/x')
    f['sl'] = h5py.SoftLink('/extdata')
    f['plain'] = np.arange(3, dtype='<f8')

with tables.open_file(os.path.join(uploads, 'pt_elink.h5'), 'w') as f:
    f.create_external_link('/', 'lnk', other + ':/data')
with tables.open_file(os.path.join(uploads, 'pt_elink.h5'), 'r') as f:
    through = f.root.lnk().read().tolist()  # PyTables itself follows it

print(json.dumps({'ok': True, 'victim': victim, 'uploads': uploads, 'secret': secret, 'other': other,
                  'pipe': pipe, 'pytables_read': through}))
