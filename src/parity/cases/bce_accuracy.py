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
