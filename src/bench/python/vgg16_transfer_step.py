"""Benchmark row vgg16_transfer_step (Keras side): one training step of the seed's 4.4 model.

VGG16(weights=None, include_top=False) + Flatten + Dense(512, relu) + Dropout(0.5) + Dense(1,
sigmoid), compiled as the seed (adam, binary_crossentropy, accuracy), batch 32, 224x224x3, with the
base frozen (base_model.trainable = False) and fully trainable (the seed). Median milliseconds of the
steps after the warm-up, timed from on_train_batch_begin to on_train_batch_end inside fit, as the
jkeras side does. --quick: 32x32, 3 steps. Prints one JSON line per figure.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main(argv):
    import keras
    import numpy as np
    from keras.applications import VGG16
    from keras.layers import Dense, Dropout, Flatten
    from keras.models import Model

    quick = "--quick" in argv
    size = 32 if quick else 224
    warmup, measured = (1, 2) if quick else (2, 8)
    batch = 32
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).uniform(0, 255, size=(batch, size, size, 3)).astype(np.float32)
    y = (np.arange(batch) % 2).astype(np.float32).reshape(-1, 1)

    class StepTimer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.ms = []

        def on_train_batch_begin(self, batch, logs=None):
            self.start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.ms.append((time.perf_counter() - self.start) * 1000)

    for frozen in (True, False):
        base_model = VGG16(weights=None, include_top=False, input_shape=(size, size, 3))
        h = base_model.output
        h = Flatten()(h)
        h = Dense(512, activation="relu")(h)
        h = Dropout(0.5)(h)
        h = Dense(1, activation="sigmoid")(h)
        model = Model(inputs=base_model.input, outputs=h)
        if frozen:
            base_model.trainable = False
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        timer = StepTimer()
        model.fit(keras.applications.vgg16.preprocess_input(x.copy()), y, epochs=warmup + measured, batch_size=batch,
                  shuffle=False, verbose=0, callbacks=[timer])
        what = f"4.4 VGG16 transfer train step, {'frozen base' if frozen else 'fully trainable'}, batch {batch}, {size}x{size}x3"
        print(json.dumps({"what": what, "value": round(statistics.median(timer.ms[warmup:]), 1), "unit": "ms",
                          "better": "lower", "ref": "keras"}), flush=True)
        keras.backend.clear_session()


if __name__ == "__main__":
    main(sys.argv[1:])
