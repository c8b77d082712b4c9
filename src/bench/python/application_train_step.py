"""Keras side of the resnet50_train_step and mobilenet_v2_train_step rows: the application named by
the first argument (resnet50, mobilenet_v2...) with its top, weights=None, 1000 classes, compiled
with adam and sparse_categorical_crossentropy (accuracy), one step at batch 32, 224x224x3 (96x96
with --quick; --size N for a smoke run), timed from on_train_batch_begin to _end in model.fit.
Median after warm-up steps. The Java side (ApplicationTrainStep.java) builds the same model."""
import sys
import time

import keras

import bench

BATCH = 32
CLASSES = {"vgg16": "VGG16", "vgg19": "VGG19", "resnet50": "ResNet50", "resnet50_v2": "ResNet50V2",
           "mobilenet_v2": "MobileNetV2", "efficientnet_b0": "EfficientNetB0", "xception": "Xception",
           "densenet121": "DenseNet121"}


class Timer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.ms = []

    def on_train_batch_begin(self, batch, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.ms.append((time.perf_counter() - self.start) * 1000)


def main():
    name = sys.argv[1]
    size = 96 if bench.QUICK else 224
    if "--size" in sys.argv:
        size = int(sys.argv[sys.argv.index("--size") + 1])
    warmup, timed = (2, 3) if bench.QUICK else (3, 10)
    model = getattr(keras.applications, CLASSES[name])(weights=None, include_top=True, input_shape=(size, size, 3),
                                                       classes=1000)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    timer = Timer()
    # One batch, one step per epoch: the data stays one batch in memory, as on the Java side.
    model.fit(bench.images(BATCH, size, 1), bench.labels(BATCH), batch_size=BATCH, epochs=warmup + timed,
              shuffle=False, verbose=0, callbacks=[timer])
    bench.emit(f"{CLASSES[name]} training step, batch 32, {size}x{size}x3 (median)", bench.median(timer.ms[warmup:]),
               "ms", "lower", steps_ms=[round(t, 1) for t in timer.ms])


if __name__ == "__main__":
    main()
