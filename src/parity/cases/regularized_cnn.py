"""Section 4.3: the L2-regularised CNN. Its penalties (model.losses), its evaluate loss and a few
Adam steps of fit, from the same weights and data, in Keras and in jkeras."""
import json

import numpy as np

from common import load, save

SIZE = 32  # the seed's 224 makes the same graph; 32 keeps the suite fast


def create_model(l2=0.001):
    # The seed's 4.3 code, with the input size as a parameter.
    import tensorflow as tf
    from keras import regularizers
    return tf.keras.Sequential([
        tf.keras.layers.Conv2D(32, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(l2), input_shape=(SIZE, SIZE, 3)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(64, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(l2)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(128, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(l2)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(1, activation='sigmoid')
    ])


def run(ctx):
    import keras

    keras.utils.set_random_seed(7)
    model = create_model()
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 1, (8, SIZE, SIZE, 3)).astype(np.float32)
    y = rng.integers(0, 2, (8, 1)).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    for i, w in enumerate(model.get_weights()):
        save(ctx.work / f"w_{i}.npy", w)

    losses_before = [float(l) for l in model.losses]
    eval_before = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    history = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    losses_after = [float(l) for l in model.losses]
    weights_after = model.get_weights()

    out = json.loads(ctx.java("org.jkeras.parity.RegularizedCnn", ctx.work, SIZE))
    # Sums of ~1e4 float32 squares on both sides, reduction order may differ.
    ctx.equal("number of penalties", len(out["losses_before"]), 3)
    ctx.close_enough("model.losses", out["losses_before"], losses_before, 1e-6, "float32 sums of squares, one per conv kernel")
    ctx.close_enough("evaluate loss (with penalties)", out["eval_loss"], eval_before["loss"], 1e-5,
                     "float32 conv/dense forward, different reduction order")
    # Four Adam steps: float32 rounding in the forward/backward passes compounds a little.
    ctx.close_enough("fit loss per epoch", out["loss"], history["loss"], 1e-5, "float32 training over 4 Adam steps")
    ctx.close_enough("model.losses after fit", out["losses_after"], losses_after, 1e-5, "penalties of the trained kernels")
    java_after = [load(ctx.work / f"java_w_{i}.npy") for i in range(len(weights_after))]
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(java_after, weights_after))
    ctx.check("weights after fit", diff <= 1e-5, f"max abs diff {diff:.3g} <= 1e-05 (4 Adam steps of lr 0.001 in float32)")
