"""Forward predictions of the seed's 4.2 CNN with the same weights on both sides.

Weights go both ways through Keras's own `.weights.h5` file: Keras writes, jkeras loads and predicts
(at 64x64 and at the seed's 224x224); jkeras writes its own freshly initialised weights, Keras
`load_weights` them and predicts.
"""
import numpy as np

import seed
from common import load, save

# Both sides run the same TF 2.18 CPU kernels, but the two graphs are optimised separately (e.g. a
# conv+bias+relu fusion on one side only), so float32 results may differ in their last bits; the
# outputs are probabilities in (0, 1), where 1e-5 is about 170 float32 ulps at 0.5.
ATOL = 1e-5
WHY = "float32 rounding of differently fused kernels"


def sensitive(ctx, name, pred):
    """The comparison means something only if the outputs are neither saturated at 0 or 1 nor all alike."""
    inside = float(np.mean((pred > 0.01) & (pred < 0.99)))
    spread = float(np.ptp(pred))
    ctx.check(f"{name}/informative", inside >= 0.5 and spread > 1e-3,
              f"{inside:.0%} of Keras's outputs in (0.01, 0.99), range {pred.min():.4f}..{pred.max():.4f}")


def run(ctx):
    import keras

    rng = np.random.default_rng(42)
    sizes = {64: 16, 224: 4}  # input size: number of images
    keras_pred = {}
    for size, n in sizes.items():
        keras.utils.set_random_seed(size)
        model = seed.create_model((size, size, 3))
        x = rng.random((n, size, size, 3), dtype=np.float32)  # images scaled to [0, 1)
        save(ctx.work / f"x{size}.npy", x)
        model.save_weights(ctx.work / f"keras{size}.weights.h5")
        keras_pred[size] = model.predict(x, verbose=0)

    ctx.java_json("org.jkeras.parity.Forward", *sizes)
    for size in sizes:
        name = f"keras_to_jkeras/{size}x{size}"
        sensitive(ctx, name, keras_pred[size])
        ctx.close_enough(name, load(ctx.work / f"jkeras_pred{size}.npy"), keras_pred[size], ATOL, WHY)

    # jkeras's own weights into Keras.
    model = seed.create_model((64, 64, 3))
    model.load_weights(ctx.work / "jkeras64.weights.h5")
    pred = model.predict(load(ctx.work / "x64.npy"), verbose=0)
    sensitive(ctx, "jkeras_to_keras/64x64", pred)
    ctx.close_enough("jkeras_to_keras/64x64", load(ctx.work / "jkeras_own_pred64.npy"), pred, ATOL, WHY)
