"""The seed's 4.3 model: the L2 term (kernel_regularizer=l2(0.001) on the three Conv2D layers), the
total loss it adds to, and three Adam steps with it.

Keras adds sum(0.001 * sum(w^2)) over the regularised kernels to every batch's loss, in `evaluate`
as in training, and its gradient to every step.
"""
import numpy as np

import seed
from training import ATOL, WHY, compare_weights, keras_fit

SIZE, BATCH, STEPS = 64, 8, 3
# Sums of the squares of ~92,000 float32 weights in different orders: a relative error of ~1e-6 of a
# term of ~0.1, and of a loss of ~1.
SUM_ATOL = 1e-5
SUM_WHY = "float32 sums of ~92k squares in another order"


def run(ctx):
    import keras

    keras.utils.set_random_seed(43)
    rng = np.random.default_rng(43)
    n = BATCH * STEPS
    x = rng.random((n, SIZE, SIZE, 3), dtype=np.float32)
    y = (rng.random((n, 1)) < 0.5).astype(np.float32)
    model = seed.compile_model(seed.create_l2_model((SIZE, SIZE, 3)))
    l2_term = float(keras.ops.sum(keras.ops.stack(model.losses)))
    evaluated = model.evaluate(x, y, batch_size=BATCH, verbose=0, return_dict=True)
    bce = float(keras.losses.BinaryCrossentropy()(y, model.predict(x, verbose=0)))
    steps, _ = keras_fit(ctx, model, x, y, BATCH, epochs=1)

    j = ctx.java_json("org.jkeras.parity.TrainSteps", "l2", SIZE, BATCH, 1, 0)
    ctx.check("l2_term_counts", l2_term > 0.01 * bce, f"Keras's L2 term {l2_term:.4g} next to its cross-entropy {bce:.4g}")
    ctx.close_enough("l2_term", j["l2_term"], l2_term, SUM_ATOL, SUM_WHY)
    ctx.close_enough("evaluate_loss", j["evaluate"]["loss"], evaluated["loss"], SUM_ATOL,
                     SUM_WHY + "; cross-entropy of identical predictions")
    ctx.close_enough("evaluate_accuracy", j["evaluate"]["accuracy"], evaluated["accuracy"], 1e-6,
                     "exact counts; Keras reports the mean as float32, jkeras as double")
    ctx.close_enough("step_loss", j["step_loss"], steps.get("loss"), ATOL, WHY + ", L2 term included")
    compare_weights(ctx, "after_3_steps", model, "l2", SIZE)
