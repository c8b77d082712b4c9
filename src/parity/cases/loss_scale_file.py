"""A `mixed_float16` model's `.keras` file carries its LossScaleOptimizer's state both ways (issue 17):
Keras's `optimizer.variables` of a LossScaleOptimizer are its own iterations and learning rate, the
`step_counter`, the `dynamic_scale`, then the inner optimizer's.

- Keras trains a small model under `mixed_float16` three steps with
  `LossScaleOptimizer(Adam(0.01), initial_scale=8, dynamic_growth_steps=2)` (the scale doubles after
  step 2; the counter is 1 after step 3) and writes it. jkeras loads it: iterations, step counter and
  scale as Keras has them, the same predictions, and three further steps equal Keras's three.
- jkeras writes the model back; Keras loads it without skipping the optimizer's state (its "Skipping
  variable loading for optimizer" warning is an error here) and finds jkeras's counter and scale.
"""
import warnings

import numpy as np

from common import load, save

BATCH, STEPS = 4, 3
# float16 keeps 11 significant bits (2**-11 relative); two float32 sums in another order round to
# float16 values 2**-10 apart, through two float16 layers.
FWD = 2.0 ** -9
WHY_FWD = "float16 layers: float32 sums in another order round to neighbouring float16 values"
TRAIN = 2e-3
WHY_TRAIN = "float16 activations and gradients over three Adam steps at learning rate 0.01"


def build(keras):
    from keras import layers
    model = keras.Sequential([keras.Input((6,)), layers.Dense(8, activation="relu"),
                              layers.Dense(1, activation="sigmoid", dtype="float32")])
    lso = keras.optimizers.LossScaleOptimizer(keras.optimizers.Adam(0.01), initial_scale=8.0, dynamic_growth_steps=2)
    model.compile(optimizer=lso, loss="binary_crossentropy")
    return model


def run(ctx):
    import keras
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        keras.utils.set_random_seed(17)
        rng = np.random.default_rng(17)
        x = rng.random((BATCH * STEPS, 6), dtype=np.float32)
        y = (rng.random((BATCH * STEPS, 1)) < 0.5).astype(np.float32)
        save(ctx.work / "x.npy", x)
        save(ctx.work / "y.npy", y)
        model = build(keras)
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        model.save(ctx.work / "py_lso.keras")
        saved = model.predict(x, verbose=0)
        state = (int(model.optimizer.iterations), int(model.optimizer.step_counter), float(model.optimizer.dynamic_scale))
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        resumed = model.predict(x, verbose=0)
        resumed_state = (int(model.optimizer.iterations), int(model.optimizer.step_counter),
                         float(model.optimizer.dynamic_scale))

        j = ctx.java_json("org.jkeras.parity.LossScaleFile", BATCH)
        ctx.equal("keras_to_jkeras/state", j["loaded"], list(state))
        ctx.close_enough("keras_to_jkeras/output", load(ctx.work / "jk_loaded.npy"), saved, FWD, WHY_FWD)
        ctx.close_enough("keras_to_jkeras/resumed_output", load(ctx.work / "jk_resumed.npy"), resumed, TRAIN, WHY_TRAIN)
        ctx.equal("keras_to_jkeras/resumed_state", j["resumed"], list(resumed_state))

        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*Skipping variable loading for optimizer.*")
            theirs = keras.models.load_model(ctx.work / "jk_lso.keras")
        o = theirs.optimizer
        ctx.equal("jkeras_to_keras/optimizer", type(o).__name__, "LossScaleOptimizer")
        ctx.equal("jkeras_to_keras/state", [int(o.iterations), int(o.step_counter), float(o.dynamic_scale)], j["resumed"])
        ctx.close_enough("jkeras_to_keras/output", theirs.predict(x, verbose=0), load(ctx.work / "jk_resumed.npy"), FWD,
                         WHY_FWD)
    finally:
        keras.mixed_precision.set_global_policy("float32")
