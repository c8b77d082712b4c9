"""Five Adam steps of the seed's 4.2 CNN (compile as the seed: adam, binary_crossentropy, accuracy).

Same initial weights (Keras's .weights.h5), same five batches in the same order, no shuffle, no
dropout. Compares the loss and accuracy logged after each step and the weights after the fifth.
"""
import numpy as np

import seed
from training import ATOL, WHY, compare_weights, keras_fit, per_batch

SIZE, BATCH, STEPS = 64, 8, 5


def run(ctx):
    import keras

    keras.utils.set_random_seed(5)
    rng = np.random.default_rng(5)
    x = rng.random((BATCH * STEPS, SIZE, SIZE, 3), dtype=np.float32)
    y = (rng.random((BATCH * STEPS, 1)) < 0.5).astype(np.float32)
    model = seed.compile_model(seed.create_model((SIZE, SIZE, 3)))
    steps, _ = keras_fit(ctx, model, x, y, BATCH, epochs=1)

    j = ctx.java_json("org.jkeras.parity.TrainSteps", "cnn", SIZE, BATCH, 1, 0)
    ctx.equal("steps", len(j["step_loss"]), STEPS)
    ctx.close_enough("logged_loss", j["step_loss"], steps.get("loss"), ATOL, WHY)
    sizes = [BATCH] * STEPS
    ctx.close_enough("batch_loss", per_batch(j["step_loss"], sizes), per_batch(steps.get("loss"), sizes), ATOL,
                     WHY + "; each batch's loss recovered from the running means")
    # Accuracy counts predictions > 0.5; both sides' predictions agree far closer than their distance to 0.5.
    ctx.close_enough("logged_accuracy", j["step_accuracy"], steps.get("accuracy"), 1e-6,
                     "exact counts; Keras reports the mean as float32, jkeras as double")
    compare_weights(ctx, "after_5_steps", model, "cnn", SIZE)
