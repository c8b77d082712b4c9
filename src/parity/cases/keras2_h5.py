"""Keras 2's whole-model `.h5` files in jkeras (issue 14): written by TF-Keras 2.18 (`tf_keras`, the
Keras 2 that TensorFlow 2.18 pairs with), trained three steps first so that the file holds the
optimizer's state, as a Keras 2 user's files do.

- Three models of Keras 2 code: the seed's 4.2 CNN written as Keras 2 programs write it (no Input
  layer: `input_shape` on the first layer), a residual functional model with BatchNormalization
  (Keras 2 writes `axis: [3]`), a nested Sequential (Keras 2 numbers its calls from 1) and two
  outputs, and an MLP with SGD momentum at a learning rate that is not the default.
- jkeras's `Models.loadModel` predicts as TF-Keras does, restores the optimizer (class, learning rate,
  iterations and every slot), and three further steps equal three further steps in TF-Keras: a fresh
  optimizer would not (the check `fresh_optimizer_differs` shows the steps would tell).
- Keras 3's own legacy `.h5` (the residual model, `model.save("m.h5")`): three further steps in jkeras
  equal three further steps of the model Keras kept in memory. (Keras 3.15.1 cannot do this from its
  file: it builds the loaded optimizer without the model's variables and `fit` fails with "Unknown
  variable"; nor open the TF-Keras residual file: "The graph of the Functional model either has loops
  or disconnected nodes".)

TF-Keras's BatchNormalization is built with `fused=False`: its fused kernel updates the moving variance
with Bessel's correction, Keras 3's (and jkeras's) without, so steps with the fused kernel differ by
design; the file's values load as written either way.
"""
import numpy as np

from common import load, save

SIZE, BATCH, STEPS = 16, 4, 3
MODELS = ("cnn", "residual", "mlp")
FWD = 1e-5
WHY_FWD = "float32 convolutions summed in another order"
TRAIN = 1e-4
WHY_TRAIN = "float32 gradients summed in another order, over three resumed steps"


def build(keras, name):
    from tf_keras import layers
    if name == "cnn":
        m = keras.Sequential([
            layers.Conv2D(8, (3, 3), activation="relu", input_shape=(SIZE, SIZE, 3)),
            layers.MaxPooling2D((2, 2)),
            layers.Flatten(),
            layers.Dense(16, activation="relu"),
            layers.Dense(1, activation="sigmoid")])
        m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        return m
    if name == "residual":
        image = keras.Input((SIZE, SIZE, 3), name="image")
        x = layers.Conv2D(4, 3, padding="same", activation="relu", name="stem")(image)
        r = layers.Conv2D(4, 3, padding="same", name="res_conv")(x)
        r = layers.BatchNormalization(name="res_bn", fused=False)(r)
        x = layers.Add(name="res_add")([x, r])
        x = layers.GlobalAveragePooling2D(name="gap")(x)
        x = keras.Sequential([layers.Dense(6, activation="relu")], name="head")(x)
        m = keras.Model(image, [layers.Dense(1, activation="sigmoid", name="cls")(x), layers.Dense(2, name="reg")(x)])
        m.compile(optimizer=keras.optimizers.Adam(2e-3), loss=["binary_crossentropy", "mse"], loss_weights=[1.0, 0.5],
                  metrics=[["accuracy"], []])
        return m
    m = keras.Sequential([
        layers.Flatten(input_shape=(SIZE, SIZE, 3)),
        layers.Dense(8, activation="tanh"),
        layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="binary_crossentropy", metrics=["accuracy"])
    return m


def targets(model, y):
    return [y, np.zeros((len(y), 2), np.float32)] if len(model.outputs) > 1 else y


def outputs(pred):
    return pred if isinstance(pred, list) else [pred]


def run(ctx):
    import tf_keras

    tf_keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x = rng.random((BATCH * STEPS, SIZE, SIZE, 3), dtype=np.float32)
    y = (rng.random((BATCH * STEPS, 1)) < 0.5).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    saved, resumed, fresh = {}, {}, {}
    for name in MODELS:
        model = build(tf_keras, name)
        model.fit(x, targets(model, y), batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        model.save(ctx.work / f"k2_{name}.h5")
        saved[name] = outputs(model.predict(x, verbose=0))
        weights = model.get_weights()
        model.fit(x, targets(model, y), batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        resumed[name] = outputs(model.predict(x, verbose=0))
        # The same three steps with a fresh optimizer: what jkeras would give had it dropped the state.
        again = build(tf_keras, name)
        again.set_weights(weights)
        again.fit(x, targets(again, y), batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        fresh[name] = outputs(again.predict(x, verbose=0))

    import keras
    keras.utils.set_random_seed(3)
    k3 = keras3_residual(keras)
    k3.compile(optimizer=keras.optimizers.Adam(2e-3), loss=["binary_crossentropy", "mean_squared_error"],
               loss_weights=[1.0, 0.5])
    k3.fit(x, targets(k3, y), batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    k3.save(ctx.work / "k3_residual.h5")
    k3_saved = outputs(k3.predict(x, verbose=0))
    k3.fit(x, targets(k3, y), batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    k3_resumed = outputs(k3.predict(x, verbose=0))

    j = ctx.java_json("org.jkeras.parity.Keras2H5", BATCH)
    for name in MODELS:
        for k, want in enumerate(saved[name]):
            ctx.close_enough(f"tf_keras/{name}/output_{k}", load(ctx.work / f"jk_{name}_loaded_{k}.npy"), want, FWD, WHY_FWD)
        ctx.equal(f"tf_keras/{name}/optimizer_iterations", j["iterations"][name], STEPS)
        for k, want in enumerate(resumed[name]):
            ctx.close_enough(f"tf_keras/{name}/resumed_output_{k}", load(ctx.work / f"jk_{name}_resumed_{k}.npy"), want,
                             TRAIN, WHY_TRAIN)
        gap = max(float(np.max(np.abs(a - b))) for a, b in zip(resumed[name], fresh[name]))
        ctx.check(f"tf_keras/{name}/fresh_optimizer_differs", gap > 10 * TRAIN,
                  f"steps from a fresh optimizer move the outputs {gap:.2e} away from the resumed ones")
    ctx.equal("tf_keras/mlp/learning_rate", round(j["learning_rate"]["mlp"], 6), 0.05)
    ctx.equal("tf_keras/mlp/optimizer", j["optimizer"]["mlp"], "SGD")
    for k, want in enumerate(k3_saved):
        ctx.close_enough(f"keras3_h5/residual/output_{k}", load(ctx.work / f"jk_k3_residual_loaded_{k}.npy"), want, FWD,
                         WHY_FWD)
    ctx.equal("keras3_h5/residual/optimizer_iterations", j["iterations"]["k3_residual"], STEPS)
    for k, want in enumerate(k3_resumed):
        ctx.close_enough(f"keras3_h5/residual/resumed_output_{k}", load(ctx.work / f"jk_k3_residual_resumed_{k}.npy"),
                         want, TRAIN, WHY_TRAIN)


def keras3_residual(keras):
    """The residual architecture in Keras 3, for Keras 3's own legacy file."""
    from keras import layers
    image = keras.Input((SIZE, SIZE, 3), name="image")
    x = layers.Conv2D(4, 3, padding="same", activation="relu", name="stem")(image)
    r = layers.Conv2D(4, 3, padding="same", name="res_conv")(x)
    r = layers.BatchNormalization(name="res_bn")(r)
    x = layers.Add(name="res_add")([x, r])
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = keras.Sequential([layers.Dense(6, activation="relu")], name="head")(x)
    return keras.Model(image, [layers.Dense(1, activation="sigmoid", name="cls")(x), layers.Dense(2, name="reg")(x)])
