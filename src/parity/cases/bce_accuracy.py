"""Binary cross-entropy and accuracy of fixed predictions, saturated ones (0 and 1) included."""
import json

import numpy as np

from common import load, save


def run(ctx):
    import keras

    y_true = np.array([[1], [0], [1], [0], [1], [0], [1], [0]], dtype=np.float32)
    y_pred = np.array([[0.9], [0.2], [0.0], [1.0], [1.0], [0.0], [0.5], [0.5000001]], dtype=np.float32)
    save(ctx.work / "y_true.npy", y_true)
    save(ctx.work / "y_pred.npy", y_pred)
    keras_bce = float(keras.losses.BinaryCrossentropy()(y_true, y_pred))
    acc = keras.metrics.BinaryAccuracy()
    acc.update_state(y_true, y_pred)
    keras_acc = float(acc.result())

    out = json.loads(ctx.java("org.jkeras.parity.BceAccuracy", ctx.work))
    # float32 logs of clipped values on both sides; the reduction order may differ by an ulp.
    ctx.close_enough("binary_crossentropy", out["loss"], keras_bce, 1e-6, "float32 rounding")
    ctx.close_enough("binary_accuracy", out["accuracy"], keras_acc, 0.0, "counts of exact comparisons")

    saturated_model(ctx)


def saturated_model(ctx):
    """A sigmoid model whose outputs saturate (logits of +-120 give exactly 0.0 and 1.0 in float32).

    Keras computes the loss from the logits, so it stays finite and the gradient does not vanish;
    compared through `evaluate` and one SGD step (SGD, so the step is the gradient itself).
    """
    import keras

    x = np.array([[-2.0], [-1.0], [0.0], [1.0], [2.0], [2.0], [-2.0], [0.5]], dtype=np.float32)
    y = np.array([[0], [0], [1], [1], [1], [0], [1], [1]], dtype=np.float32)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="sigmoid")])
    model.set_weights([np.array([[60.0]], np.float32), np.array([0.0], np.float32)])
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    save(ctx.work / "sat_x.npy", x)
    save(ctx.work / "sat_y.npy", y)
    model.save_weights(ctx.work / "sat.weights.h5")
    pred = model.predict(x, verbose=0)
    ctx.check("saturated/outputs", bool(np.any(pred == 0.0) and np.any(pred == 1.0)),
              "Keras's outputs include exactly 0.0 and 1.0")
    evaluated = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)

    j = ctx.java_json("org.jkeras.parity.SaturatedModel")
    # Losses up to 120 (a wrong saturated prediction), float32: 1e-5 is about one ulp there.
    ctx.close_enough("saturated/loss", j["loss"], evaluated["loss"], 1e-5, "float32 ulps of losses up to 120")
    ctx.close_enough("saturated/accuracy", j["accuracy"], evaluated["accuracy"], 1e-6,
                     "exact counts; Keras's mean is float32")
    java_w = np.concatenate([w.ravel() for w in j_weights(ctx)])
    keras_w = np.concatenate([w.ravel() for w in model.get_weights()])
    print(f"   kernel, bias after one SGD step: jkeras {java_w}, Keras {keras_w}")
    ctx.close_enough("saturated/weights_after_sgd_step", java_w, keras_w, 1e-6, "float32 gradient sums")


def j_weights(ctx):
    import keras

    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, activation="sigmoid")])
    m.load_weights(ctx.work / "sat_final.weights.h5")
    return m.get_weights()
