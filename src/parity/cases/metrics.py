"""The metrics of issue 13 against Keras 3. Eager: each metric (built on the Java side from Keras's
own get_config()) updated with three batches of fixed labels, predictions and sample weights, then
its result (the state merged across the batches), then reset and one batch again. In a model:
fit (two epochs, sample weights, validation data) and evaluate of a binary and a multi-class model
compiled with many metrics by name and as objects, including two metrics of one name and
weighted metrics: the keys of the history and of evaluate's logs (Keras's names) and every value."""
import json

import numpy as np

from common import save

N = 12
BATCHES = [[0, 4], [4, 7], [7, 12]]


def data(rng):
    p_bin = rng.random((N, 1)).astype(np.float32)
    p_bin[:3, 0] = [0.0, 1.0, 0.5]  # the ends, and a tie with the default threshold
    p_bin[3, 0] = p_bin[4, 0]  # a tie between two samples
    y_bin = (rng.random((N, 1)) > 0.5).astype(np.float32)
    y_multi = (rng.random((N, 3)) > 0.4).astype(np.float32)
    p_multi = rng.random((N, 3)).astype(np.float32)
    logits = (3 * rng.normal(size=(N, 1))).astype(np.float32)
    classes = rng.integers(0, 4, N)
    onehot = np.eye(4, dtype=np.float32)[classes]
    scores = rng.random((N, 4)).astype(np.float32)
    probs = scores / scores.sum(axis=1, keepdims=True)
    sparse = classes.astype(np.float32).reshape(N, 1)
    pred_ids = rng.integers(-1, 5, N).astype(np.float32)  # ids out of [0, 4) are not counted by MeanIoU
    reg_t = rng.normal(size=(N, 2)).astype(np.float32)
    reg_p = rng.normal(size=(N, 2)).astype(np.float32)
    positive_t = rng.random((N, 2)).astype(np.float32) + 0.1
    w = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], N).astype(np.float32)
    return {"p_bin": p_bin, "y_bin": y_bin, "y_multi": y_multi, "p_multi": p_multi, "logits": logits,
            "onehot": onehot, "probs": probs, "sparse": sparse, "ids": sparse.reshape(N), "pred_ids": pred_ids,
            "reg_t": reg_t, "reg_p": reg_p, "positive_t": positive_t, "w": w}


def cases():
    """(name, metric, y_true, y_pred, weighted); Mean and Sum take y_pred as their values."""
    from keras import metrics as M
    return [
        ("auc_roc", M.AUC(), "y_bin", "p_bin", True),
        ("auc_roc_unweighted", M.AUC(), "y_bin", "p_bin", False),
        ("auc_pr_interpolation", M.AUC(curve="PR"), "y_bin", "p_bin", True),
        ("auc_pr_majoring", M.AUC(curve="PR", summation_method="majoring"), "y_bin", "p_bin", True),
        ("auc_roc_minoring", M.AUC(summation_method="minoring", num_thresholds=7), "y_bin", "p_bin", True),
        ("auc_prgain", M.AUC(curve="PRGAIN"), "y_bin", "p_bin", True),
        ("auc_given_thresholds", M.AUC(thresholds=[0.8, 0.1, 0.35]), "y_bin", "p_bin", True),
        ("auc_evenly_given_thresholds", M.AUC(thresholds=[0.25, 0.5, 0.75]), "y_bin", "p_bin", False),
        ("auc_from_logits", M.AUC(from_logits=True), "y_bin", "logits", True),
        ("auc_multi_label", M.AUC(multi_label=True), "y_multi", "p_multi", True),
        ("auc_multi_label_weights", M.AUC(multi_label=True, label_weights=[1.0, 2.0, 0.5], curve="PR"), "y_multi",
         "p_multi", True),
        ("auc_multi_label_thresholds", M.AUC(multi_label=True, thresholds=[0.2, 0.5, 0.9]), "y_multi", "p_multi",
         True),
        ("auc_label_weights_flat", M.AUC(label_weights=[0.5, 1.0, 2.0]), "y_multi", "p_multi", True),
        ("precision", M.Precision(), "y_bin", "p_bin", True),
        ("precision_evenly", M.Precision(thresholds=[0.0, 0.5, 1.0]), "y_bin", "p_bin", True),
        ("precision_top_k", M.Precision(top_k=2), "y_multi", "p_multi", True),
        ("precision_class_id", M.Precision(class_id=1, thresholds=0.4), "y_multi", "p_multi", False),
        ("recall", M.Recall(), "y_bin", "p_bin", True),
        ("recall_thresholds", M.Recall(thresholds=[0.3, 0.6]), "y_multi", "p_multi", True),
        ("recall_top_k_class_id", M.Recall(top_k=1, class_id=2), "y_multi", "p_multi", True),
        ("f1_none", M.F1Score(), "onehot", "probs", True),
        ("f1_micro", M.F1Score(average="micro"), "onehot", "probs", True),
        ("f1_macro_threshold", M.F1Score(average="macro", threshold=0.3), "y_multi", "p_multi", False),
        ("f1_weighted", M.F1Score(average="weighted"), "onehot", "probs", True),
        ("fbeta_macro", M.FBetaScore(average="macro", beta=2.0, threshold=0.5), "y_multi", "p_multi", True),
        ("top_k", M.TopKCategoricalAccuracy(k=2), "onehot", "probs", True),
        ("sparse_top_k", M.SparseTopKCategoricalAccuracy(k=2), "sparse", "probs", True),
        ("mae", M.MeanAbsoluteError(), "reg_t", "reg_p", True),
        ("mse", M.MeanSquaredError(), "reg_t", "reg_p", True),
        ("rmse", M.RootMeanSquaredError(), "reg_t", "reg_p", True),
        ("mape", M.MeanAbsolutePercentageError(), "positive_t", "reg_p", True),
        ("msle", M.MeanSquaredLogarithmicError(), "positive_t", "reg_p", False),
        ("cosine_similarity", M.CosineSimilarity(), "reg_t", "reg_p", True),
        ("logcosh", M.LogCoshError(), "reg_t", "reg_p", True),
        ("hinge", M.Hinge(), "y_multi", "p_multi", False),
        ("squared_hinge", M.SquaredHinge(), "y_bin", "logits", True),
        ("categorical_hinge", M.CategoricalHinge(), "onehot", "probs", True),
        ("kl_divergence", M.KLDivergence(), "probs", "onehot", True),
        ("poisson", M.Poisson(), "positive_t", "positive_t", True),
        ("binary_crossentropy", M.BinaryCrossentropy(label_smoothing=0.1), "y_multi", "p_multi", True),
        ("categorical_crossentropy", M.CategoricalCrossentropy(from_logits=True), "onehot", "probs", True),
        ("sparse_categorical_crossentropy", M.SparseCategoricalCrossentropy(), "sparse", "probs", True),
        ("mean_iou_ids", M.MeanIoU(4), "ids", "pred_ids", True),
        ("mean_iou_scores", M.MeanIoU(4, sparse_y_pred=False, ignore_class=0), "sparse", "probs", False),
        ("mean_iou_float", M.MeanIoU(4, dtype="float32"), "ids", "pred_ids", True),
        ("mean", M.Mean(), None, "reg_p", True),
        ("sum", M.Sum(), None, "p_multi", True),
    ]


def eager(metric, arrays, t, p, weighted):
    """Three updates then the result; reset, one update, the result."""
    def update(a, b):
        w = arrays["w"][a:b] if weighted else None
        if t is None:
            metric.update_state(arrays[p][a:b], sample_weight=w)
        else:
            metric.update_state(arrays[t][a:b], arrays[p][a:b], sample_weight=w)
    for a, b in BATCHES:
        update(a, b)
    merged = np.asarray(metric.result(), np.float64).tolist()
    metric.reset_state()
    update(*BATCHES[0])
    return merged, np.asarray(metric.result(), np.float64).tolist()


def binary_model_logs(ctx, keras, arrays, x, xv, yv):
    from keras import metrics as M
    keras.utils.set_random_seed(11)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    for i, w in enumerate(model.get_weights()):
        save(ctx.work / f"binary_w_{i}.npy", w)
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="binary_crossentropy",
                  metrics=["accuracy", "auc", "precision", "recall", M.AUC(curve="PR", name="pr_auc"), "mae", "auc"],
                  weighted_metrics=["auc", M.Precision(thresholds=0.3, name="p30")])
    (ctx.work / "binary_compile_config.json").write_text(json.dumps(model.get_compile_config()))
    y = arrays["y_bin"]
    h = model.fit(x, y, sample_weight=arrays["w"], batch_size=4, epochs=2, shuffle=False,
                  validation_data=(xv, yv), verbose=0).history
    return {"history": h, "evaluate": model.evaluate(xv, yv, batch_size=5, verbose=0, return_dict=True),
            "compile_config": model.get_compile_config()}


def compile_configs(ctx, keras, j, want, xv, yv):
    """jkeras reads Keras's compile config and writes it back as Keras wrote it; Keras compiles from jkeras's."""
    def section(c):
        return {k: c[k] for k in ("loss", "loss_weights", "metrics", "weighted_metrics")}
    ctx.equal("binary/compile config read and written back", json.dumps(section(j["read_back"]), sort_keys=True),
              json.dumps(section(want), sort_keys=True))
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile_from_config(j["written"])
    logs = model.evaluate(xv, yv, verbose=0, return_dict=True)
    ctx.equal("binary/Keras compiles from jkeras's compile config (log keys)", sorted(logs),
              sorted(j["models"]["binary"]["evaluate"]))


def multiclass_model_logs(ctx, keras, arrays, x, xv, yv):
    from keras import metrics as M
    keras.utils.set_random_seed(12)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4, activation="softmax")])
    for i, w in enumerate(model.get_weights()):
        save(ctx.work / f"multi_w_{i}.npy", w)
    model.compile(optimizer=keras.optimizers.SGD(0.5), loss="categorical_crossentropy",
                  metrics=["accuracy", "top_k_categorical_accuracy", M.TopKCategoricalAccuracy(k=2, name="top2"),
                           M.F1Score(average="macro"), M.FBetaScore(average="weighted", beta=0.5),
                           M.MeanIoU(4, sparse_y_true=False, sparse_y_pred=False, name="iou"),
                           "categorical_crossentropy", M.RootMeanSquaredError()],
                  weighted_metrics=[M.F1Score(average="micro", name="wf1"), "categorical_crossentropy"])
    h = model.fit(x, arrays["onehot"], sample_weight=arrays["w"], batch_size=4, epochs=2, shuffle=False,
                  validation_data=(xv, yv), verbose=0).history
    return {"history": h, "evaluate": model.evaluate(xv, yv, batch_size=5, verbose=0, return_dict=True)}


def run(ctx):
    import keras

    keras.utils.set_random_seed(5)
    rng = np.random.default_rng(5)
    arrays = data(rng)
    for k, v in arrays.items():
        save(ctx.work / f"{k}.npy", v)
    specs, expected = [], {}
    for name, metric, t, p, weighted in cases():
        s = keras.saving.serialize_keras_object(metric)
        specs.append({"name": name, "metric": {"class_name": s["class_name"], "config": s["config"]}, "y_true": t,
                      "y_pred": p, "weighted": weighted})
        expected[name] = eager(metric, arrays, t, p, weighted)

    x = rng.normal(size=(N, 4)).astype(np.float32)
    xv = rng.normal(size=(10, 4)).astype(np.float32)
    yv_bin = (rng.random((10, 1)) > 0.5).astype(np.float32)
    yv_multi = np.eye(4, dtype=np.float32)[rng.integers(0, 4, 10)]
    for k, v in {"x": x, "xv": xv, "yv_bin": yv_bin, "yv_multi": yv_multi}.items():
        save(ctx.work / f"{k}.npy", v)
    models = {"binary": binary_model_logs(ctx, keras, arrays, x, xv, yv_bin),
              "multi": multiclass_model_logs(ctx, keras, arrays, x, xv, yv_multi)}
    (ctx.work / "specs.json").write_text(json.dumps({"cases": specs, "batches": BATCHES}))

    j = ctx.java_json("org.jkeras.parity.MetricStates")
    for name, (merged, again) in expected.items():
        got = j["eager"][name]
        # counts and sums of float32 values in the same ops; results are float32
        ctx.close_enough(f"eager/{name}/after 3 batches", got["merged"], merged, 1e-6, "float32 results")
        ctx.close_enough(f"eager/{name}/after reset and 1 batch", got["again"], again, 1e-6, "float32 results")
    compile_configs(ctx, keras, j, models["binary"].pop("compile_config"), xv, yv_bin)
    for model, want in models.items():
        got = j["models"][model]
        ctx.equal(f"{model}/history keys", sorted(got["history"]), sorted(want["history"]))
        ctx.equal(f"{model}/evaluate keys", list(got["evaluate"]), list(want["evaluate"]))
        for k, v in want["history"].items():
            # two epochs of SGD: weights agree to ~1e-7, so do the predictions the metrics count
            ctx.close_enough(f"{model}/history/{k}", got["history"].get(k, [np.nan] * len(v)), v, 1e-5,
                             "float32 training over 6 steps")
        for k, v in want["evaluate"].items():
            ctx.close_enough(f"{model}/evaluate/{k}", got["evaluate"].get(k, np.nan), v, 1e-5,
                             "float32 training over 6 steps")
