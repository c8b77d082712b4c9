"""Benchmark row augmented_training (Python side, "ref": "keras"): the seed's 4.2 CNN trained with
Keras on the pets photos (image_dataset_from_directory), first as they are, then through Keras's
usual augmentation pipeline:

    train_ds.map(lambda x, y: (data_augmentation(x, training=True), y),
                 num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)

with data_augmentation = Sequential([RandomFlip("horizontal"), RandomRotation(0.1)]), then with
RandAugment() (Keras's defaults; the heaviest augmentation, issue 15's input-wait row). Prints the
median step time of fit with each dataset (the first epoch warms up), the time the augmented
pipeline alone takes per batch, and the mean time training waits for its next augmented batch.
Keras 3's fit pulls each batch inside its compiled train function, so no callback sees that wait;
it is measured in a loop of next(iterator) and train_on_batch instead (the Java side times the
same gap between its trainer's steps). Full: 224x224, 1 + 2 epochs; --quick: 64x64, 1 + 1.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def main(argv):
    import keras
    import tensorflow as tf
    from keras import layers

    quick = "--quick" in argv
    size = 64 if quick else 224
    epochs = 1 + (1 if quick else 2)
    shape = f"{size}x{size}"
    root = os.environ.get("JKERAS_SHARED", "../shared")

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.steps, self.waits, self.end, self.epoch = [], [], None, 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch, self.end = epoch, None

        def on_train_batch_begin(self, batch, logs=None):
            self.begin = time.perf_counter()
            if self.end is not None and self.epoch > 0:
                self.waits.append((self.begin - self.end) * 1000)

        def on_train_batch_end(self, batch, logs=None):
            self.end = time.perf_counter()
            if self.epoch > 0:
                self.steps.append((self.end - self.begin) * 1000)

    def create_model():  # the seed's section 4.2, at size x size
        return keras.Sequential([
            keras.Input((size, size, 3)),
            layers.Conv2D(32, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
            layers.Conv2D(128, (3, 3), activation="relu"), layers.MaxPooling2D((2, 2)),
            layers.Flatten(), layers.Dense(512, activation="relu"), layers.Dense(1, activation="sigmoid")])

    def dataset(augment):
        ds = keras.utils.image_dataset_from_directory(os.path.join(root, "data", "pets", "train"), image_size=(size, size),
                                                      batch_size=32, label_mode="binary", seed=1, verbose=False)
        if augment:
            data_augmentation = (layers.RandAugment(seed=3) if augment == "randaugment" else
                                 keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)]))
            ds = ds.map(lambda x, y: (data_augmentation(x, training=True), y), num_parallel_calls=tf.data.AUTOTUNE)
        return ds.prefetch(tf.data.AUTOTUNE)

    def run(augment):
        keras.utils.set_random_seed(1)
        ds = dataset(augment)
        model = create_model()
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        timer = Timer()
        model.fit(ds, epochs=epochs, verbose=0, callbacks=[timer])
        return timer

    plain, augmented, rand_augment = run(False), run(True), run("randaugment")

    # The augmented pipeline alone (decode, augment, prefetch), and the wait of a training loop on it.
    ds = dataset(True)
    for _ in range(2):
        for _ in ds:
            pass
    t0, batches = time.perf_counter(), 0
    for _ in ds:
        batches += 1
    pipeline_ms = (time.perf_counter() - t0) * 1000 / batches

    def input_waits(ds):
        model = create_model()
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        waits = []
        for epoch in range(epochs):
            it = iter(ds)
            while True:
                t0 = time.perf_counter()
                try:
                    x, y = next(it)
                except StopIteration:
                    break
                if epoch > 0:
                    waits.append((time.perf_counter() - t0) * 1000)
                model.train_on_batch(x, y)
        return waits

    waits = input_waits(ds)
    rand_augment_waits = input_waits(dataset("randaugment"))

    def emit(what, value):
        print(json.dumps({"what": what, "value": round(value, 1), "unit": "ms", "better": "lower", "ref": "keras"}),
              flush=True)

    emit(f"4.2 CNN train step on pets, batch 32, {shape}, no augmentation", statistics.median(plain.steps))
    emit(f"4.2 CNN train step on pets, batch 32, {shape}, augmentation pipeline (RandomFlip, RandomRotation)",
         statistics.median(augmented.steps))
    emit(f"augmentation pipeline alone (decode + RandomFlip + RandomRotation), per batch of 32, {shape}", pipeline_ms)
    emit(f"input wait per step, augmentation pipeline, batch 32, {shape}", statistics.mean(waits))
    emit(f"4.2 CNN train step on pets, batch 32, {shape}, RandAugment pipeline", statistics.median(rand_augment.steps))
    emit(f"input wait per step, RandAugment pipeline, batch 32, {shape}", statistics.mean(rand_augment_waits))


if __name__ == "__main__":
    main(sys.argv[1:])
