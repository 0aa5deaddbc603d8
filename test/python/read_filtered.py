"""Read a chunked, compressed dataset h5tables wrote, with h5py and PyTables.

usage: read_filtered.py FILE DATASET [FILE DATASET ...]
prints {"results": [{"data": <encoded array>, "storage": bytes stored, "raw": bytes
        uncompressed, "filters": [[id, [cd_values...]], ...], "pytables": str(node.filters)}]}
Importing tables first registers PyTables' blosc and bzip2 filters in the libhdf5 h5py
uses too (Debian's h5py and PyTables share it); h5py has lzf built in.
"""
import sys

import tables  # noqa: F401  (registers blosc 32001 and bzip2 307)
import h5py

from _enc import emit, enc_array


def read(path, name):
    with h5py.File(path, "r") as f:
        d = f[name]
        data = d[...]
        plist = d.id.get_create_plist()
        filters = []
        for k in range(plist.get_nfilters()):
            fid, flags, values, fname = plist.get_filter(k)
            filters.append([int(fid), [int(v) for v in values]])
        storage = int(d.id.get_storage_size())
        raw = int(data.nbytes)
    with tables.open_file(path, "r") as f:
        pt = str(f.get_node("/" + name).filters)
    return {"data": enc_array(data), "storage": storage, "raw": raw, "filters": filters, "pytables": pt}


args = sys.argv[1:]
emit({"results": [read(args[k], args[k + 1]) for k in range(0, len(args), 2)]})
