"""Open a file over HTTP with h5py's ROS3 driver (HDF5's read-only S3 driver, libcurl)
and read one row of a 2-D dataset, for the request-count comparison with httpSource.

usage: h5py_ros3_read.py URL DATASET ROW
prints {"ok": true, "rowValues": [...first 8...], "rowSum": float}
   or  {"ok": false, "error": "..."} when ROS3 cannot open the URL
"""
import sys

import h5py

from _enc import emit

url, name, row = sys.argv[1], sys.argv[2], int(sys.argv[3])
if "ros3" not in h5py.registered_drivers():
    emit({"ok": False, "error": "this h5py/HDF5 has no ros3 driver"})
    sys.exit(0)
try:
    with h5py.File(url, "r", driver="ros3") as f:
        values = f[name][row]
except Exception as e:  # ROS3's failures are OSErrors with HDF5's stack
    emit({"ok": False, "error": f"{type(e).__name__}: {e}"})
    sys.exit(0)
emit({"ok": True, "rowValues": [float(v) for v in values[:8]], "rowSum": float(values.sum())})
