"""Shared helpers for parity cases: running the Java side, comparing arrays, reporting."""
import json
import os
import subprocess
from pathlib import Path

import numpy as np


class Context:
    def __init__(self, case, work):
        self.case = case
        self.work = Path(work)
        self.passed = 0
        self.failed = 0

    def java(self, main_class, *args, timeout=1800):
        """Runs a Java main class of src/parity/java with the jkeras classpath; returns its stdout."""
        cp = os.environ["JKERAS_PARITY_CP"]
        cmd = ["java", "-Xmx6g", "-cp", cp, main_class, *map(str, args)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"{main_class} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        return proc.stdout

    def java_json(self, main_class, *args, timeout=1800):
        """Runs a Java main that writes its results to `result.json` in the work folder (see
        Parity.result on the Java side); returns them parsed."""
        result = self.work / "result.json"
        if result.exists():
            result.unlink()
        self.java(main_class, self.work, *args, timeout=timeout)
        if not result.exists():
            raise RuntimeError(f"{main_class} wrote no {result}")
        return json.loads(result.read_text())

    def check(self, name, ok, detail=""):
        status = "PASS" if ok else "FAIL"
        print(f"{status} {self.case}/{name}: {detail}", flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def close_enough(self, name, java, keras, atol, why):
        """Max abs difference within atol; `why` states the reason for the tolerance."""
        java = np.asarray(java, dtype=np.float64)
        keras = np.asarray(keras, dtype=np.float64)
        if java.shape != keras.shape:
            return self.check(name, False, f"shape {java.shape} (jkeras) vs {keras.shape} (Keras)")
        diff = float(np.max(np.abs(java - keras))) if java.size else 0.0
        finite = bool(np.all(np.isfinite(java)) == np.all(np.isfinite(keras)))
        return self.check(name, finite and diff <= atol, f"max abs diff {diff:.3g} <= {atol:g} ({why})")

    def equal(self, name, java, keras):
        ok = java == keras
        text = repr(keras)
        if ok and len(text) > 160:  # a long value that matches: the full text only on failure
            return self.check(name, True, f"identical ({len(keras)} items)" if hasattr(keras, "__len__") else "identical")
        return self.check(name, ok, f"jkeras {java!r} vs Keras {text}")


def shared():
    """The shared test data folder: $JKERAS_SHARED, or `shared` beside the repository (as CI lays it out)."""
    root = Path(__file__).resolve().parents[2]
    path = Path(os.environ.get("JKERAS_SHARED", root.parent / "shared"))
    if not (path / "data" / "pets").is_dir():
        raise FileNotFoundError(f"Test data not found at {path}/data/pets: put the repository next to the "
                                "'shared' folder, or set JKERAS_SHARED.")
    return path


def save(path, array):
    np.save(path, np.ascontiguousarray(np.asarray(array, dtype=np.float32)))


def load(path):
    return np.load(path)
