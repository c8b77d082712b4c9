"""Regularizers on Dense against Keras: kernel (L1L2), bias (L1) and activity (L2, which Keras 3
divides by the batch size) penalties in the evaluate and fit losses; and the factors Keras gives the
string identifiers."""
import json

import numpy as np

from common import load, save


def run(ctx):
    import keras
    from keras import regularizers

    keras.utils.set_random_seed(2)
    model = keras.Sequential([
        keras.Input((5,)),
        keras.layers.Dense(6, activation="tanh", kernel_regularizer=regularizers.L1L2(l1=0.01, l2=0.02),
                           bias_regularizer=regularizers.l1(0.05), activity_regularizer=regularizers.l2(0.1)),
        keras.layers.Dense(1, kernel_regularizer="l2"),
    ])
    rng = np.random.default_rng(2)
    x = rng.normal(size=(10, 5)).astype(np.float32)
    y = rng.normal(size=(10, 1)).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    weights = [w + 0.1 for w in model.get_weights()]  # non-zero biases, so the bias penalty counts
    model.set_weights(weights)
    for i, w in enumerate(weights):
        save(ctx.work / f"w_{i}.npy", w)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mean_squared_error")
    losses = [float(v) for v in model.losses]
    ev = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    h = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    ids = {s: regularizers.get(s).get_config() for s in ("l1", "l2", "L1L2", "l1l2")}

    out = json.loads(ctx.java("org.jkeras.parity.RegularizerLosses", ctx.work))
    ctx.close_enough("model.losses (kernel, bias, kernel)", out["losses"], losses, 1e-6, "float32 sums")
    # Batches of 4, 4 and 2: the activity penalty is divided by each batch's size.
    ctx.close_enough("evaluate loss", out["eval_loss"], ev["loss"], 1e-6, "float32 forward")
    ctx.close_enough("fit loss", out["loss"], h["loss"], 1e-5, "float32 training, 6 SGD steps")
    for s, cfg in ids.items():
        # Keras stores L1's factor as float32 (0.009999999776482582): compare as float32.
        ctx.close_enough(f"regularizers.get({s!r})", [out["ids"][s].get(k, 0.0) for k in sorted(cfg)],
                         [cfg[k] for k in sorted(cfg)], 1e-9, "float32 factor in Keras's config")
