"""Keras side of the predict row: the seed's 4.2 CNN, model.predict at batch 32 on 224x224x3 images,
images per second after a warm-up call."""
import time

import bench
import seed


def main():
    n = 64 if bench.QUICK else 320
    x = bench.images(n, 224, 2)
    model = seed.create_model((224, 224, 3))
    model.predict(bench.images(32, 224, 3), batch_size=32, verbose=0)
    start = time.perf_counter()
    model.predict(x, batch_size=32, verbose=0)
    bench.emit("4.2 CNN predict, batch 32, 224x224x3", n / (time.perf_counter() - start), "images/s", "higher")


if __name__ == "__main__":
    main()
