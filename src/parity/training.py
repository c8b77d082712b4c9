"""Shared by the training cases: the Keras side of a short fit, and its comparison with jkeras."""
import keras
import numpy as np

import seed
from common import save

# The tolerance the issue sets for training: Adam normalises each step, so float32 differences in the
# gradients (sums in another order) move a weight by far less than 1e-4 over a few steps.
ATOL = 1e-4
WHY = "float32 gradients summed in another order, over a few Adam steps"


class BatchLogs(keras.callbacks.Callback):
    """The logs of every training step (running means over the epoch, as Keras logs them)."""

    def __init__(self):
        super().__init__()
        self.logs = []

    def on_train_batch_end(self, batch, logs=None):
        self.logs.append({k: float(v) for k, v in logs.items()})

    def get(self, key):
        return [l[key] for l in self.logs]


def keras_fit(ctx, model, x, y, batch, epochs, split=0.0):
    """Saves the initial weights and the data for the Java side, then fits in order (no shuffle)."""
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    model.save_weights(ctx.work / "initial.weights.h5")
    steps = BatchLogs()
    history = model.fit(x, y, batch_size=batch, epochs=epochs, shuffle=False, validation_split=split,
                        verbose=0, callbacks=[steps])
    return steps, history.history


def compare_weights(ctx, name, model, kind, size):
    """jkeras's final weights (final.weights.h5, read by Keras itself) against the Keras model's."""
    java = seed.build(kind, size)
    java.load_weights(ctx.work / "final.weights.h5")
    diff = max(float(np.max(np.abs(j - k))) for j, k in zip(java.get_weights(), model.get_weights()))
    moved = max(float(np.max(np.abs(k - i))) for k, i in zip(model.get_weights(), _initial(kind, size, ctx)))
    ctx.check(f"{name}/weights_moved", moved > 10 * ATOL,
              f"Keras's weights moved by up to {moved:.3g}, so the comparison below can fail")
    ctx.check(f"{name}/final_weights", diff <= ATOL, f"max abs diff {diff:.3g} <= {ATOL:g} ({WHY})")


def _initial(kind, size, ctx):
    m = seed.build(kind, size)
    m.load_weights(ctx.work / "initial.weights.h5")
    return m.get_weights()


def per_batch(running, sizes):
    """Each step's own value from the running means Keras logs (weighted by batch size)."""
    out, total, seen = [], 0.0, 0
    for mean, n in zip(running, sizes):
        value = mean * (seen + n) - total
        out.append(value / n)
        total, seen = total + value, seen + n
    return out
