"""Helpers of the Python benchmark programs (the Keras side): --quick, JSON lines, the seed's model."""
import json
import os
import statistics
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "parity"))
warnings.filterwarnings("ignore")

QUICK = "--quick" in sys.argv


def emit(what, value, unit, better, ref="keras", **extra):
    """One figure, as src/bench/README.md's contract: a JSON object on its own stdout line."""
    print(json.dumps({"what": what, "value": round(float(value), 4), "unit": unit, "better": better,
                      "ref": ref, **extra}), flush=True)


def median(values):
    return statistics.median(values)


def images(n, size, seed):
    import numpy as np

    return (np.random.default_rng(seed).random((n, size, size, 3), dtype=np.float32) * 255).astype(np.float32)


def labels(n):
    import numpy as np

    return (np.arange(n) % 2).astype(np.float32).reshape(n, 1)
