"""Keras's `.weights.h5` format between Keras and jkeras beyond the seed's Sequential models.

A functional model holding a nested Sequential (the shape of the seed's 4.4 VGG16 transfer model):
Keras writes, jkeras loads and predicts; jkeras writes, Keras loads and predicts. A file of another
architecture (other input size, so another Dense kernel) is refused by both.
"""
import warnings

import numpy as np

from common import load, save

SIZE, OTHER = 16, 20
ATOL = 1e-5
WHY = "float32 rounding of differently fused kernels"


def nested(size):
    import keras
    from keras import layers

    inputs = keras.Input((size, size, 3))
    base = keras.Sequential([layers.Conv2D(4, (3, 3), activation="relu")])
    x = base(inputs)
    x = layers.Flatten()(x)
    x = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, x)


def run(ctx):
    import keras

    keras.utils.set_random_seed(9)
    x = np.random.default_rng(9).random((8, SIZE, SIZE, 3), dtype=np.float32)
    save(ctx.work / "x.npy", x)
    model = nested(SIZE)
    model.save_weights(ctx.work / "keras.weights.h5")
    nested(OTHER).save_weights(ctx.work / "other.weights.h5")
    keras_pred = model.predict(x, verbose=0)

    j = ctx.java_json("org.jkeras.parity.WeightsH5", SIZE)
    ctx.close_enough("keras_to_jkeras", load(ctx.work / "jkeras_pred.npy"), keras_pred, ATOL, WHY)

    theirs = nested(SIZE)
    theirs.load_weights(ctx.work / "jkeras.weights.h5")
    ctx.close_enough("jkeras_to_keras", load(ctx.work / "jkeras_own_pred.npy"), theirs.predict(x, verbose=0), ATOL, WHY)

    try:
        with warnings.catch_warnings():  # Keras also warns about the layers it could not load
            warnings.simplefilter("ignore")
            nested(SIZE).load_weights(ctx.work / "other.weights.h5")
        keras_refuses = False
    except ValueError:
        keras_refuses = True
    ctx.check("other_architecture/keras_refuses", keras_refuses, "Keras's load_weights raises ValueError")
    msg = j["other_error"] or ""
    ctx.check("other_architecture/jkeras_refuses", bool(msg), msg.splitlines()[0] if msg else "no error")
    ctx.check("other_architecture/message", "(784, 1)" in msg and "(1296, 1)" in msg and "layers/dense/vars" in msg,
              "names the layer's group and both kernel shapes")
