"""A short fit of the seed's 4.2 CNN: the per-epoch loss and accuracy Keras logs in History.

Real images (shared/data/pets/train, 280 JPEGs decoded and resized to 32x32 by Keras, scaled to
[0, 1], in one fixed random order), the seed's compile, `validation_split=0.25` (the last 70 images),
batch 32 (the last training batch has 18 images: epoch means are weighted by batch size), three
epochs, no shuffle, no dropout.
"""
import numpy as np

import seed
from common import shared
from training import ATOL, WHY, compare_weights, keras_fit

SIZE, BATCH, EPOCHS, SPLIT = 32, 32, 3, 0.25


def load_pets(size):
    import keras

    ds = keras.utils.image_dataset_from_directory(shared() / "data" / "pets" / "train", image_size=(size, size),
                                                  batch_size=None, shuffle=False, label_mode="binary", verbose=False)
    x = np.stack([x for x, _ in ds]).astype(np.float32) / 255.0
    y = np.stack([y for _, y in ds]).astype(np.float32)
    order = np.random.default_rng(0).permutation(len(x))
    return x[order], y[order]


def run(ctx):
    import keras

    x, y = load_pets(SIZE)
    keras.utils.set_random_seed(7)
    model = seed.compile_model(seed.create_model((SIZE, SIZE, 3)))
    _, history = keras_fit(ctx, model, x, y, BATCH, EPOCHS, SPLIT)

    j = ctx.java_json("org.jkeras.parity.TrainSteps", "cnn", SIZE, BATCH, EPOCHS, SPLIT)["history"]
    ctx.equal("logged_metrics", sorted(j), sorted(history))
    for key in ("loss", "val_loss"):
        ctx.close_enough(key, j[key], history[key], ATOL, WHY)
    for key in ("accuracy", "val_accuracy"):
        # Counts of predictions > 0.5, identical unless a prediction sits within float32 noise of 0.5.
        ctx.close_enough(key, j[key], history[key], 1e-6, "exact counts; Keras's means are float32, jkeras's double")
    compare_weights(ctx, "after_fit", model, "cnn", SIZE)
