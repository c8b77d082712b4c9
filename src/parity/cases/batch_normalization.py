"""BatchNormalization against Keras: training with batch statistics (fit history and weights,
including the moving mean and variance after 8 steps), inference with the moving statistics
(predict, evaluate), for a conv feature map (axis -1 of NHWC) and a dense layer.

The layers before each BatchNormalization have no bias, as usual: BatchNormalization cancels a bias,
so its gradient is zero up to float32 rounding, and Adam turns that rounding noise into steps of
about the learning rate: such a bias would differ between any two implementations."""
import json

import numpy as np

from common import load, save


def build():
    import keras
    return keras.Sequential([
        keras.Input((6, 6, 2)),
        keras.layers.Conv2D(4, 3, use_bias=False),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(8, use_bias=False),
        keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-2),
        keras.layers.Activation("relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])


def run(ctx):
    import keras

    keras.utils.set_random_seed(5)
    rng = np.random.default_rng(5)
    x = rng.normal(1.0, 2.0, size=(16, 6, 6, 2)).astype(np.float32)
    y = (x[:, :3, :, 0].mean(axis=(1, 2)) > 1.0).astype(np.float32).reshape(-1, 1)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    model = build()
    for i, w in enumerate(model.get_weights()):
        save(ctx.work / f"w_{i}.npy", w)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    h = model.fit(x, y, batch_size=4, epochs=2, shuffle=False, verbose=0).history
    pred = model.predict(x, verbose=0)
    ev = model.evaluate(x, y, verbose=0, return_dict=True)
    final = model.get_weights()

    out = json.loads(ctx.java("org.jkeras.parity.BatchNorm", ctx.work))
    ctx.equal("weights (gamma, beta, moving_mean, moving_variance per layer)", out["weight_count"], len(final))
    ctx.equal("non-trainable params", out["non_trainable"], sum(int(np.prod(w.shape)) for w in model.non_trainable_weights))
    # Batch statistics and Adam steps in float32; the moments are reduced in a different order.
    ctx.close_enough("fit loss", out["loss"], h["loss"], 1e-5, "float32 training, 8 Adam steps")
    ctx.close_enough("fit accuracy", out["accuracy"], h["accuracy"], 1e-6, "thresholded outputs")
    java_w = [load(ctx.work / f"java_w_{i}.npy") for i in range(len(final))]
    for i, (a, b) in enumerate(zip(java_w, final)):
        ctx.close_enough(f"weight {i} {model.weights[i].path}", a, b, 1e-5, "float32 training, 8 Adam steps")
    ctx.close_enough("predict (moving statistics)", load(ctx.work / "java_pred.npy"), pred, 1e-5, "float32 inference")
    ctx.close_enough("evaluate loss", out["eval_loss"], ev["loss"], 1e-5, "float32 inference")
