"""Runs every parity case (src/parity/cases/*.py) and reports one line per check.

A case module defines `run(ctx)`. It builds inputs and the Keras reference with real Keras, runs the
Java side with `ctx.java("org.jkeras.parity.SomeCase", workdir, ...)`, and reports each comparison
with `ctx.check(name, ok, detail)` (or the `ctx.close_enough` helper). A case that raises counts
as one failed check.
"""
import importlib.util
import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import Context  # noqa: E402

# TensorFlow's Python warnings (tf.function retracing: every case builds new models) are not results.
logging.getLogger("tensorflow").setLevel(logging.ERROR)


def main(argv):
    names = argv[1:]
    files = sorted((HERE / "cases").glob("*.py"))
    if names:
        files = [f for f in files if f.stem in names]
        missing = set(names) - {f.stem for f in files}
        if missing:
            print(f"unknown case(s): {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
    passed = failed = 0
    for f in files:
        spec = importlib.util.spec_from_file_location(f"parity_case_{f.stem}", f)
        module = importlib.util.module_from_spec(spec)
        with tempfile.TemporaryDirectory(prefix=f"parity-{f.stem}-") as work:
            ctx = Context(f.stem, Path(work))
            start = time.time()
            print(f"== {f.stem}", flush=True)
            try:
                if "keras" in sys.modules:
                    # A fresh Keras session per case (automatic names restart at conv2d, as in the
                    # fresh JVM of the Java side; memory of earlier models is freed).
                    sys.modules["keras"].backend.clear_session()
                spec.loader.exec_module(module)
                module.run(ctx)
            except Exception:  # a broken case is a failure, with its traceback
                traceback.print_exc()
                ctx.check("completed", False, "the case raised an exception")
            passed += ctx.passed
            failed += ctx.failed
            print(f"   ({time.time() - start:.1f}s)", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not (passed + failed) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
