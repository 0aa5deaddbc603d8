"""Hold a file open with h5py (HDF5's file locking on) until stdin closes.

usage: h5py_hold.py FILE_PATH MODE      prints "ready" once open; on EOF of stdin reads
/data, closes the file and prints {"data": [...]} (what it still sees of its file).
"""
import json
import os
import sys

os.environ["HDF5_USE_FILE_LOCKING"] = "TRUE"  # before h5py loads HDF5

import h5py

path, mode = sys.argv[1], sys.argv[2]
f = h5py.File(path, mode)
print("ready", flush=True)
sys.stdin.read()
data = [float(x) for x in f["data"][()]]
f.close()
print(json.dumps({"data": data}), flush=True)
