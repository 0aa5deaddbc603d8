"""Compound datasets with string members stored with each padding, written by h5py.

strpad.py make PATH: writes /pads, a compound of (nullterm S6, nullpad S6, spacepad S6),
and prints, as one JSON line, each member's values as h5py reads them back (decoded).
"""
import json
import sys

import h5py
import numpy as np

VALUES = ["", "a", "ab cd", "sixsix", "x\u00e9"]


def string_type(pad):
    t = h5py.h5t.C_S1.copy()
    t.set_size(6)
    t.set_strpad(pad)
    return t


def make(path):
    members = [
        (b"term", h5py.h5t.STR_NULLTERM),
        (b"null", h5py.h5t.STR_NULLPAD),
        (b"space", h5py.h5t.STR_SPACEPAD),
    ]
    compound = h5py.h5t.create(h5py.h5t.COMPOUND, 18)
    for k, (name, pad) in enumerate(members):
        compound.insert(name, 6 * k, string_type(pad))
    n = len(VALUES)
    raw = np.zeros(n, dtype=[("term", "S6"), ("null", "S6"), ("space", "S6")])
    for i, v in enumerate(VALUES):
        b = v.encode("utf-8")
        raw[i] = (b, b, b)
    with h5py.File(path, "w") as f:
        space = h5py.h5s.create_simple((n,))
        dset = h5py.h5d.create(f.id, b"pads", compound, space)
        # The memory type is numpy's (NUL-padded): HDF5 converts into each stored padding.
        dset.write(h5py.h5s.ALL, h5py.h5s.ALL, raw)
    with h5py.File(path, "r") as f:
        back = f["pads"][()]
        out = {m: [x.decode("utf-8") for x in back[m]] for m in ("term", "null", "space")}
    print(json.dumps(out))


if sys.argv[1] == "make":
    make(sys.argv[2])
