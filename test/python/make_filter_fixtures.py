"""Write compressed files with PyTables 3.7 and h5py 3.7, one per codec, for the filter tests.

usage: make_filter_fixtures.py OUT_DIR       prints {"files": [...]}

test/fixtures/filters/ holds the output of this script (committed, a few KB each), so the
read tests also run on a machine without Python; test/filters/read.test.ts also runs it
afresh where PyTables and h5py are installed and checks the same values.

Every dataset holds values test/filters/values.ts computes exactly:
  f64_*[i] = (i % 97) * 0.25 - 3        float64, shape (50, 8), chunks (16, 8): 4 chunks, the last partial
  i32_*[i] = (i * 7919) % 65536 - 32768  int32, shape (500,), chunks (128,)
PyTables files: f64_shuffle, f64_noshuffle (and f64_bitshuffle for blosc), i32_shuffle.
h5py files (lzf, gzip): f64_* and i32_* both with and without shuffle.
(i is the C-order element index).
"""
import json
import os
import shutil
import struct
import sys

import h5py
import numpy as np
import tables

from _enc import emit

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
written = []

F64_SHAPE, F64_CHUNK = (50, 8), (16, 8)
I32_SHAPE, I32_CHUNK = (500,), (128,)


def f64():
    i = np.arange(F64_SHAPE[0] * F64_SHAPE[1])
    return ((i % 97) * 0.25 - 3).astype("float64").reshape(F64_SHAPE)


def i32():
    i = np.arange(I32_SHAPE[0], dtype="int64")
    return ((i * 7919) % 65536 - 32768).astype("int32")


def path_of(name):
    p = os.path.join(out, name)
    written.append(name)
    return p


def pytables_file(name, variants):
    """variants: [(suffix, Filters)] -> a /f64_<suffix> CArray each, and /i32_<suffix> for
    the first variant (files stay small; int32 checks another type size for shuffle)."""
    with tables.open_file(path_of(name), "w") as f:
        for k, (suffix, filters) in enumerate(variants):
            f.create_carray("/", "f64_" + suffix, obj=f64(), chunkshape=F64_CHUNK, filters=filters)
            if k == 0:
                f.create_carray("/", "i32_" + suffix, obj=i32(), chunkshape=I32_CHUNK, filters=filters)


SHUFFLES = [("noshuffle", dict(shuffle=False)), ("shuffle", dict(shuffle=True)),
            ("bitshuffle", dict(shuffle=False, bitshuffle=True))]

for codec in tables.blosc_compressor_list():
    complib = "blosc" if codec == "blosclz" else "blosc:" + codec
    pytables_file("pytables-blosc-%s.h5" % codec,
                  [(s, tables.Filters(complevel=5, complib=complib, **kw))
                   for s, kw in [SHUFFLES[1], SHUFFLES[0], SHUFFLES[2]]])

pytables_file("pytables-bzip2.h5", [("shuffle", tables.Filters(complevel=3, complib="bzip2", shuffle=True)),
                                    ("noshuffle", tables.Filters(complevel=9, complib="bzip2", shuffle=False))])
pytables_file("pytables-zlib.h5", [("shuffle", tables.Filters(complevel=9, complib="zlib", shuffle=True,
                                                              fletcher32=True)),
                                   ("noshuffle", tables.Filters(complevel=1, complib="zlib", shuffle=False))])
# lzo is GPL: h5tables never includes it, and reading this file must say so.
pytables_file("pytables-lzo.h5", [("shuffle", tables.Filters(complevel=5, complib="lzo"))])


def h5py_file(name, compression, opts=None):
    with h5py.File(path_of(name), "w") as f:
        for shuffle in (False, True):
            suffix = "shuffle" if shuffle else "noshuffle"
            f.create_dataset("f64_" + suffix, data=f64(), chunks=F64_CHUNK, compression=compression,
                             compression_opts=opts, shuffle=shuffle)
            f.create_dataset("i32_" + suffix, data=i32(), chunks=I32_CHUNK, compression=compression,
                             compression_opts=opts, shuffle=shuffle)


h5py_file("h5py-lzf.h5", "lzf")
h5py_file("h5py-gzip.h5", "gzip", 6)


def first_chunk(path, dset):
    with h5py.File(path, "r") as f:
        info = f[dset].id.get_chunk_info(0)
        return info.byte_offset, info.size


def one_dataset(name, write):
    """A file holding only /f64 (so the damaged copies stay small)."""
    p = path_of(name)
    write(p)
    return name


def pt_one(filters):
    def write(p):
        with tables.open_file(p, "w") as f:
            f.create_carray("/", "f64", obj=f64(), chunkshape=F64_CHUNK, filters=filters)
    return write


def h5py_one(compression):
    def write(p):
        with h5py.File(p, "w") as f:
            f.create_dataset("f64", data=f64(), chunks=F64_CHUNK, compression=compression)
    return write


def corrupt(src, name, how):
    """A copy of src whose first chunk of /f64 is damaged: 'payload' flips bytes after
    the codec's header; in a blosc header, 'header' claims more compressed bytes than
    there are, 'bomb' claims a 1 GiB chunk."""
    dst = path_of(name)
    shutil.copyfile(os.path.join(out, src), dst)
    offset, size = first_chunk(dst, "f64")
    with open(dst, "r+b") as fh:
        fh.seek(offset)
        chunk = bytearray(fh.read(size))
        if how == "payload":
            for k in range(16, size, 3):
                chunk[k] ^= 0x5A
        elif how == "header":  # blosc header: bytes 12..15 are the compressed size
            chunk[12:16] = struct.pack("<I", size * 100)
        else:  # bytes 4..7: the uncompressed size
            chunk[4:8] = struct.pack("<I", 1 << 30)
        fh.seek(offset)
        fh.write(chunk)


blosc_one = one_dataset("one-blosc-lz4.h5", pt_one(tables.Filters(complevel=5, complib="blosc:lz4", shuffle=False)))
bzip2_one = one_dataset("one-bzip2.h5", pt_one(tables.Filters(complevel=9, complib="bzip2", shuffle=False)))
lzf_one = one_dataset("one-lzf.h5", h5py_one("lzf"))
corrupt(blosc_one, "corrupt-blosc-payload.h5", "payload")
corrupt(blosc_one, "corrupt-blosc-header.h5", "header")
corrupt(blosc_one, "corrupt-blosc-bomb.h5", "bomb")
corrupt(bzip2_one, "corrupt-bzip2.h5", "payload")
corrupt(lzf_one, "corrupt-lzf.h5", "payload")

# Where each chunk of the one-dataset files lies, for test/filters/damage.test.ts, which
# damages them in many ways.
chunks = {}
for name in (blosc_one, bzip2_one, lzf_one):
    with h5py.File(os.path.join(out, name), "r") as f:
        d = f["f64"].id
        chunks[name] = [[int(d.get_chunk_info(k).byte_offset), int(d.get_chunk_info(k).size)]
                        for k in range(d.get_num_chunks())]
with open(os.path.join(out, "chunks.json"), "w") as fh:
    json.dump(chunks, fh, indent=1, sort_keys=True)
    fh.write("\n")
written.append("chunks.json")

# A filter no build has: h5py's lzf pipeline message rewritten to name blosc2 (32026).
# h5py writes version-1 object headers, which carry no checksum. The message holds the
# id (u16), the name length (u16, 8 for "lzf" padded), flags, value count, the name.
src = os.path.join(out, lzf_one)
dst = path_of("unknown-filter-blosc2.h5")
with open(src, "rb") as fh:
    data = bytearray(fh.read())
old = struct.pack("<HH", 32000, 8)
count = 0
at = data.find(old)
while at >= 0:
    name_at = at + 8
    if data[name_at:name_at + 8] == b"lzf\0\0\0\0\0":
        data[at:at + 2] = struct.pack("<H", 32026)
        data[name_at:name_at + 8] = b"blosc2\0\0"
        count += 1
    at = data.find(old, at + 1)
if count == 0:
    sys.exit("no lzf pipeline message found in " + src)
with open(dst, "wb") as fh:
    fh.write(data)

emit({"files": written})
