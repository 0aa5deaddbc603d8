# make_elink.py <file> <target file> <target object>: a new HDF5 file whose /ext is an
# external link (h5py) to <target file>:<target object>. Prints {"ok": true}.
import json
import sys

import h5py

with h5py.File(sys.argv[1], 'w') as f:
    f['ext'] = h5py.ExternalLink(sys.argv[2], sys.argv[3])
print(json.dumps({'ok': True}))
