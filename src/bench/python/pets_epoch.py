"""Keras side of the pets row: image_dataset_from_directory (decode, resize, batch 32, shuffled) with
the prefetch Keras's guides recommend, and model.fit of the seed's 4.2 CNN for two epochs; the first
(which also traces the step function) and the second are reported. Argument: the pets/train folder."""
import sys
import time

import keras
import tensorflow as tf

import bench
import seed


class Timer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seconds = []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.start)


def main():
    folder = [a for a in sys.argv[1:] if not a.startswith("--")][0]
    size = 128 if bench.QUICK else 224
    train = keras.utils.image_dataset_from_directory(folder, image_size=(size, size), batch_size=32,
                                                     label_mode="binary", seed=1, verbose=False)
    train = train.prefetch(tf.data.AUTOTUNE)
    model = seed.compile_model(seed.create_model((size, size, 3)))
    timer = Timer()
    model.fit(train, epochs=2, verbose=0, callbacks=[timer])
    what = f"pets/train epoch: 280 JPEGs decoded, resized to {size}x{size}, trained"
    bench.emit(what + " (2nd epoch)", timer.seconds[1], "s", "lower")
    bench.emit(what + " (1st epoch, incl. graph building)", timer.seconds[0], "s", "lower")


if __name__ == "__main__":
    main()
