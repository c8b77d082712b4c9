"""Keras side of the image_data_generator row: the legacy ImageDataGenerator's flow_from_directory
over the pets/train folder (280 JPEGs) at 224x224 (128 with --quick), batch 32, with rotation,
shifts, zoom and horizontal flips: images/s of a whole pass (Pillow loads and resizes, SciPy
transforms, one image at a time on one thread), the median of three passes after one of warm-up
(one with --quick). Argument: the pets/train folder."""
import contextlib
import io
import sys
import time

from keras.src.legacy.preprocessing.image import ImageDataGenerator

import bench


def main():
    folder = [a for a in sys.argv[1:] if not a.startswith("--")][0]
    size = 128 if bench.QUICK else 224
    passes = 1 if bench.QUICK else 3
    gen = ImageDataGenerator(rotation_range=20, width_shift_range=0.1, height_shift_range=0.1, zoom_range=0.2,
                             horizontal_flip=True)
    with contextlib.redirect_stdout(io.StringIO()):
        it = gen.flow_from_directory(folder, target_size=(size, size), batch_size=32, class_mode="binary", seed=1)
    rates = []
    for p in range(passes + 1):
        start = time.perf_counter()
        images = 0
        for _ in range(len(it)):
            x, _ = next(it)
            images += len(x)
        seconds = time.perf_counter() - start
        if p > 0:
            rates.append(images / seconds)
    bench.emit(f"ImageDataGenerator.flow_from_directory, 280 pets JPEGs at {size}x{size} with rotation, shifts, zoom, flip"
               " (images/s, a whole pass)", bench.median(rates), "images/s", "higher")


if __name__ == "__main__":
    main()
