"""Runs the notebooks with nbclient on the "java" kernel (JJava or IJava) and reports the results.

Each notebook runs in its own folder (notebooks/), as a reader's Jupyter would; the executed copy
(with outputs) goes to target/notebooks/ for inspection, the committed notebook stays output-free.
"""
import sys
import time
from pathlib import Path

import nbclient
import nbformat
from nbclient.exceptions import CellExecutionError

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "target" / "notebooks"


def main(argv):
    names = argv[1:]
    books = sorted(HERE.glob("*.ipynb"))
    if names:
        books = [b for b in books if any(b.name == n or b.name.startswith(n) for n in names)]
    OUT.mkdir(parents=True, exist_ok=True)
    passed = failed = 0
    for book in books:
        nb = nbformat.read(book, as_version=4)
        start = time.time()
        client = nbclient.NotebookClient(nb, timeout=900, kernel_name="java",
                                         resources={"metadata": {"path": str(HERE)}})
        try:
            client.execute()
            status, detail = "PASS", ""
            passed += 1
        except CellExecutionError as e:
            status, detail = "FAIL", str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)
            failed += 1
        except Exception as e:  # kernel died, timeout...
            status, detail = "FAIL", f"{type(e).__name__}: {e}"
            failed += 1
        nbformat.write(nb, OUT / book.name)
        print(f"{status} {book.name} ({time.time() - start:.0f}s){' ' + detail if detail else ''}", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not books else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
