"""Keras side of the mobilenet_block_step row: a MobileNet-style block (DepthwiseConv2D,
BatchNormalization, ReLU6, SeparableConv2D) under a small head, compiled as the seed (adam,
binary_crossentropy, accuracy), one step at batch 32, 224x224x3, timed from on_train_batch_begin to
_end in model.fit. Median after warm-up steps. The Java side (MobileNetBlockStep.java) builds the
same model."""
import time

import keras

import bench

BATCH, SIZE = 32, 224


def create_model():
    layers = keras.layers
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        layers.DepthwiseConv2D(3, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.Activation("relu6"),
        layers.SeparableConv2D(64, 3, strides=2, padding="same", use_bias=False),
        layers.BatchNormalization(),
        layers.Activation("relu6"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(1, activation="sigmoid"),
    ])


class Timer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.ms = []

    def on_train_batch_begin(self, batch, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.ms.append((time.perf_counter() - self.start) * 1000)


def main():
    warmup, timed = (2, 3) if bench.QUICK else (3, 10)
    model = create_model()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    timer = Timer()
    # One batch, one step per epoch: the data stays one batch in memory, as on the Java side.
    model.fit(bench.images(BATCH, SIZE, 1), bench.labels(BATCH), batch_size=BATCH, epochs=warmup + timed,
              shuffle=False, verbose=0, callbacks=[timer])
    bench.emit("MobileNet-style block training step, batch 32, 224x224x3 (median)", bench.median(timer.ms[warmup:]),
               "ms", "lower", steps_ms=[round(t, 1) for t in timer.ms])


if __name__ == "__main__":
    main()
