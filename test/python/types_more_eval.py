"""Python values for test/interop/types-more.test.ts: repr() and the value of expressions.

usage: types_more_eval.py JSON   JSON: a list of Python expressions (with `tb` and `np` in
                                 scope); prints {"results": [{"repr", "value"} or {"error":
                                 exception class name}]}, a complex value as [re, im]
"""
import json
import sys
import warnings

import numpy as np
import tables as tb

from _enc import emit, enc_scalar

warnings.simplefilter("ignore")


def value(v):
    if isinstance(v, (complex, np.complexfloating)):
        return [enc_scalar(float(v.real)), enc_scalar(float(v.imag))]
    if isinstance(v, (int, float, bool, str, np.generic)):
        return enc_scalar(v)
    return None


out = []
for expr in json.loads(sys.argv[1]):
    try:
        v = eval(expr, {"tb": tb, "np": np})  # the test's own expressions
        out.append({"repr": repr(v), "value": value(v)})
    except Exception as e:
        out.append({"error": type(e).__name__})
emit({"results": out})
