"""The losses of issue 13 against Keras 3: each loss's value on fixed labels and predictions (with
and without sample weights, from logits, with label smoothing, under each reduction, "none" giving
one value per sample), every loss built on the Java side from Keras's own get_config(); then three
SGD steps of a small model trained with each loss (sample weights on), comparing the logged loss
and the weights after the steps, which checks the gradients of every loss's ops too."""
import json

import numpy as np

from common import load, save

N, C = 6, 3


def data(rng):
    """Named arrays the sub-cases pick from: regression targets, probabilities, labels, logits."""
    reg_t = rng.normal(size=(N, C)).astype(np.float32)
    reg_t[0, 0] = 0.0  # MAPE's epsilon
    reg_p = rng.normal(size=(N, C)).astype(np.float32)
    reg_p[1, 1] = -0.5  # MSLE's max(p, eps)
    far = reg_p.copy()
    far[2] += 60.0  # log_cosh far out: x + softplus(-2x) - log 2 must not overflow
    binary = (rng.random((N, C)) > 0.5).astype(np.float32)
    signs = 2 * binary - 1
    prob = rng.random((N, C)).astype(np.float32)
    prob[0] = [0.0, 1.0, 0.5]  # clipping at both ends
    onehot = np.eye(C, dtype=np.float32)[rng.integers(0, C, N)]
    dist = rng.random((N, C)).astype(np.float32) + 0.05
    dist /= dist.sum(axis=1, keepdims=True)
    logits = (3 * rng.normal(size=(N, C))).astype(np.float32)
    zero_row = reg_p.copy()
    zero_row[3] = 0.0  # cosine similarity of a zero vector
    weights = np.array([1.0, 0.0, 2.0, 0.5, 1.5, 3.0], np.float32)
    return {"reg_t": reg_t, "positive": prob + 0.5, "reg_p": reg_p, "far": far, "binary": binary, "signs": signs, "prob": prob,
            "onehot": onehot, "dist": dist, "logits": logits, "zero_row": zero_row, "w": weights}


def cases():
    """(name, loss, y_true, y_pred, weighted, extra config the Keras config leaves out)."""
    from keras import losses as L
    return [
        ("mae", L.MeanAbsoluteError(), "reg_t", "reg_p", False, {}),
        ("mae_weighted_sum", L.MeanAbsoluteError(reduction="sum"), "reg_t", "reg_p", True, {}),
        ("mape", L.MeanAbsolutePercentageError(), "reg_t", "reg_p", True, {}),
        ("msle", L.MeanSquaredLogarithmicError(), "prob", "reg_p", True, {}),
        ("huber", L.Huber(), "reg_t", "reg_p", True, {}),
        ("huber_delta_none", L.Huber(delta=0.5, reduction="none"), "reg_t", "reg_p", True, {"delta": 0.5}),
        ("log_cosh", L.LogCosh(), "reg_t", "far", True, {}),
        ("hinge_01_labels", L.Hinge(), "binary", "reg_p", True, {}),
        ("hinge_signs", L.Hinge(), "signs", "reg_p", False, {}),
        ("squared_hinge", L.SquaredHinge(reduction="mean_with_sample_weight"), "binary", "reg_p", True, {}),
        ("categorical_hinge", L.CategoricalHinge(), "onehot", "reg_p", True, {}),
        ("kl_divergence", L.KLDivergence(), "dist", "prob", True, {}),
        ("poisson", L.Poisson(reduction="sum"), "dist", "prob", True, {}),
        ("cosine_similarity", L.CosineSimilarity(), "reg_t", "zero_row", True, {}),
        ("cosine_similarity_axis0", L.CosineSimilarity(axis=0, reduction="none"), "reg_t", "reg_p", False, {"axis": 0}),
        ("bce_smoothing", L.BinaryCrossentropy(label_smoothing=0.2), "binary", "prob", True, {}),
        ("bce_logits_smoothing", L.BinaryCrossentropy(from_logits=True, label_smoothing=0.1, reduction="none"),
         "binary", "logits", True, {}),
        ("binary_focal", L.BinaryFocalCrossentropy(), "binary", "prob", False, {}),
        ("binary_focal_balanced", L.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4, gamma=1.5),
         "binary", "prob", True, {}),
        ("binary_focal_logits_smoothing", L.BinaryFocalCrossentropy(from_logits=True, label_smoothing=0.2, gamma=3.0,
                                                                    reduction="sum"), "binary", "logits", True, {}),
        ("categorical_focal", L.CategoricalFocalCrossentropy(), "onehot", "dist", True, {}),
        ("categorical_focal_logits", L.CategoricalFocalCrossentropy(alpha=0.5, gamma=1.0, from_logits=True,
                                                                    label_smoothing=0.1), "onehot", "logits", True, {}),
        ("cce_smoothing", L.CategoricalCrossentropy(label_smoothing=0.3), "onehot", "dist", True, {}),
        ("cce_logits_smoothing", L.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1), "onehot", "logits",
         False, {}),
        ("mse_mean_with_sample_weight", L.MeanSquaredError(reduction="mean_with_sample_weight"), "reg_t", "reg_p",
         True, {}),
    ]


def fits():
    """(name, loss identifier or object, output activation, labels) for the three-step fits."""
    from keras import losses as L
    return [
        ("mae", "mae", "linear", "reg_t"), ("mape", "mape", "linear", "positive"), ("msle", "msle", "softplus", "prob"),
        ("huber", L.Huber(delta=0.5), "linear", "reg_t"), ("log_cosh", "log_cosh", "linear", "reg_t"),
        ("hinge", "hinge", "tanh", "binary"), ("squared_hinge", "squared_hinge", "linear", "signs"),
        ("categorical_hinge", "categorical_hinge", "linear", "onehot"), ("kld", "kld", "softmax", "dist"),
        ("poisson", "poisson", "softplus", "dist"), ("cosine_similarity", "cosine_similarity", "linear", "reg_t"),
        ("binary_focal", L.BinaryFocalCrossentropy(apply_class_balancing=True, label_smoothing=0.1), "sigmoid",
         "binary"),
        ("binary_focal_logits", L.BinaryFocalCrossentropy(from_logits=True), "linear", "binary"),
        ("categorical_focal", "categorical_focal_crossentropy", "softmax", "onehot"),
        ("bce_smoothing_sigmoid", L.BinaryCrossentropy(label_smoothing=0.2), "sigmoid", "binary"),
        ("cce_smoothing_softmax", L.CategoricalCrossentropy(label_smoothing=0.2), "softmax", "onehot"),
        ("mse_sum", L.MeanSquaredError(reduction="sum"), "linear", "reg_t"),
        ("mae_none", L.MeanAbsoluteError(reduction="none"), "linear", "reg_t"),
    ]


def spec_of(loss, extra):
    import keras
    if isinstance(loss, str):
        return loss
    s = keras.saving.serialize_keras_object(loss)
    s["config"].update(extra)
    return {"class_name": s["class_name"], "config": s["config"]}


def run(ctx):
    import keras

    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(7)
    arrays = data(rng)
    for k, v in arrays.items():
        save(ctx.work / f"{k}.npy", v)
    value_specs, expected = [], {}
    for name, loss, t, p, weighted, extra in cases():
        w = arrays["w"] if weighted else None
        expected[name] = np.asarray(loss(arrays[t], arrays[p], sample_weight=w))
        value_specs.append({"name": name, "loss": spec_of(loss, extra), "y_true": t, "y_pred": p, "weighted": weighted})

    # Fits: 12 samples of 4 features, batch 4, 1 epoch (3 SGD steps), sample weights.
    x = rng.normal(size=(12, 4)).astype(np.float32)
    sw = np.tile(arrays["w"], 2)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "sw.npy", sw)
    fit_specs, fit_expected = [], {}
    for name, loss, activation, labels in fits():
        y = np.concatenate([arrays[labels], arrays[labels][::-1]])
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(C, activation=activation)])
        for i, w in enumerate(model.get_weights()):
            save(ctx.work / f"{name}_w_{i}.npy", w)
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss=loss)
        h = model.fit(x, y, sample_weight=sw, batch_size=4, epochs=1, shuffle=False, verbose=0).history
        fit_expected[name] = {"loss": h["loss"][0], "weights": model.get_weights()}
        fit_specs.append({"name": name, "loss": spec_of(loss, {"delta": 0.5} if name == "huber" else {}),
                          "activation": activation, "labels": labels})
    (ctx.work / "specs.json").write_text(json.dumps({"values": value_specs, "fits": fit_specs}))

    j = ctx.java_json("org.jkeras.parity.LossValues")
    for name, want in expected.items():
        # float32 element-wise math and one sum; Keras and jkeras run the same TF ops in the same order
        ctx.close_enough(f"value/{name}", j["values"][name], want, 1e-6 * max(1.0, float(np.max(np.abs(want)))),
                         "float32 arithmetic, relative to the largest value")
    for name, want in fit_expected.items():
        got = j["fits"][name]
        ctx.close_enough(f"fit/{name}/loss", got["loss"], want["loss"], 1e-5 * max(1.0, abs(want["loss"])),
                         "float32 forward and gradients over 3 steps")
        java_w = [load(ctx.work / f"{name}_out_{i}.npy") for i in range(len(want["weights"]))]
        diff = max(float(np.max(np.abs(a - b))) for a, b in zip(java_w, want["weights"]))
        tol = 1e-5 * max(1.0, max(float(np.max(np.abs(b))) for b in want["weights"]))
        ctx.check(f"fit/{name}/weights after 3 SGD steps", diff <= tol,
                  f"max abs diff {diff:.3g} <= {tol:.3g} (float32 gradients, relative to the largest weight)")
