"""Keras side of the training-step row: the seed's 4.2 CNN (seed.create_model, the article's code),
compiled as the seed, one step at batch 32, 224x224x3, timed from on_train_batch_begin to _end in
model.fit. Median after warm-up steps. Also the first step as a user waits for it: from the model's
construction to the end of the first fit step (tensorflow imported before the clock starts)."""
import time

import keras

import bench
import seed

BATCH, SIZE = 32, 224


class Timer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.ms = []

    def on_train_batch_begin(self, batch, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        now = time.perf_counter()
        if not self.ms:
            self.first = (now - self.begin) * 1000
        self.ms.append((now - self.start) * 1000)


def main():
    warmup, timed = (2, 3) if bench.QUICK else (3, 10)
    images, labels = bench.images(BATCH, SIZE, 1), bench.labels(BATCH)
    timer = Timer()
    timer.begin = time.perf_counter()
    model = seed.compile_model(seed.create_model((SIZE, SIZE, 3)))
    # One batch, one step per epoch: the data stays one batch in memory, as on the Java side.
    model.fit(images, labels, batch_size=BATCH, epochs=warmup + timed,
              shuffle=False, verbose=0, callbacks=[timer])
    bench.emit("4.2 CNN training step, batch 32, 224x224x3 (median)", bench.median(timer.ms[warmup:]), "ms", "lower",
               steps_ms=[round(t, 1) for t in timer.ms])
    bench.emit("4.2 CNN first training step from model construction (ms)", timer.first, "ms", "lower")


if __name__ == "__main__":
    main()
