"""sparse_categorical_crossentropy as Keras 3 computes it on TensorFlow (issue 12): on probabilities
(clipped log-probabilities into TF's sparse softmax cross-entropy), on a softmax model's output (its
logits), and a label outside [0, classes) refused when the step runs, as Keras's fit refuses it.
"""
import numpy as np

from common import save


def run(ctx):
    import keras

    rng = np.random.default_rng(3)
    p = rng.random((6, 3)).astype(np.float32)
    p /= p.sum(axis=1, keepdims=True)
    p[0] = [1.0, 0.0, 0.0]  # clipped on both sides
    y = np.array([0, 1, 2, 2, 1, 0], np.float32)
    save(ctx.work / "p.npy", p)
    save(ctx.work / "y.npy", y)
    probs = float(keras.losses.SparseCategoricalCrossentropy()(y, p))

    keras.utils.set_random_seed(3)
    x = rng.standard_normal((6, 4)).astype(np.float32)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    save(ctx.work / "x.npy", x)
    model.save_weights(ctx.work / "w.weights.h5")
    evaluated = model.evaluate(x, y, verbose=0)
    trained = model.fit(x, y, batch_size=2, shuffle=False, verbose=0).history["loss"][0]
    after = np.concatenate([w.ravel() for w in model.get_weights()]).tolist()
    keras_error = ""
    try:
        model.fit(x, np.array([0, 1, 7, 2, 1, 0], np.float32), verbose=0)
    except Exception as e:  # tensorflow's InvalidArgumentError
        keras_error = str(e)

    j = ctx.java_json("org.jkeras.parity.SparseCrossentropy")
    ctx.close_enough("on probabilities", j["probabilities"], probs, 1e-6, "float32 log and sum")
    ctx.close_enough("evaluate (softmax logits)", j["evaluate"], evaluated, 1e-6, "float32 forward")
    ctx.close_enough("fit loss (3 SGD steps)", j["fit_loss"], trained, 1e-6, "float32 forward and gradients")
    ctx.close_enough("weights after 3 SGD steps", j["weights"], after, 1e-6, "float32 gradients (the registered"
                     " gradient of SparseSoftmaxCrossEntropyWithLogits)")
    wanted = "Received a label value of 7 which is outside the valid range of [0, 3)"
    ctx.check("label 7 of 3 classes refused (Keras)", wanted in keras_error, keras_error[-200:])
    ctx.check("label 7 of 3 classes refused (jkeras)", wanted in j["error"], j["error"][-300:])
