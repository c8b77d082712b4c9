"""Keras side of the keras_load_resnet50 and keras_save_resnet50 rows (first argument load or save, then
{work}): keras.models.load_model of {work}/resnet50.keras (written by the row's setup: ResNet50 with its
Adam state), timed from the call to its return, the first load in this process after `import keras`
(TensorFlow already loaded, as a user's program has it); with save, then model.save of the loaded model
to a new .keras file in the same folder, timed the same way."""
import os
import sys
import time
from pathlib import Path

import keras

import bench


def main():
    save = sys.argv[1] == "save"
    work = Path(sys.argv[2])
    t = time.perf_counter()
    model = keras.models.load_model(work / "resnet50.keras")
    load_ms = (time.perf_counter() - t) * 1000
    if not save:
        bench.emit("load a .keras ResNet50 with its Adam state (first load in the process)", load_ms, "ms", "lower")
        return
    out = work / f"keras-{os.getpid()}.keras"
    t = time.perf_counter()
    model.save(out)
    save_ms = (time.perf_counter() - t) * 1000
    out.unlink()
    bench.emit("save a loaded .keras ResNet50 with its Adam state as .keras", save_ms, "ms", "lower")


if __name__ == "__main__":
    main()
