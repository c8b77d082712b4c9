"""Callbacks against Keras on the same weights and data: the history of a fit with EarlyStopping
(restore_best_weights) and ReduceLROnPlateau (learning_rate in the logs), the CSVLogger file, and
the TensorBoard event files, read with TensorBoard's own reader (EventAccumulator) and compared
run by run, tag by tag, step by step with what Keras's TensorBoard callback writes: scalars per
epoch and per batch, weight histograms and images every epoch, the model's conceptual graph, and
jkeras's op graph (which Keras 3 no longer writes)."""
import csv
import json

import numpy as np

from common import load, save

EPOCHS = 25
LR = 0.3


def build():
    import keras
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


def events(logdir):
    """{run: {tag: (plugin, [(step, value)])}} and {run: op graph or None} as TensorBoard reads them:
    scalars as floats, histograms as [k, 3] arrays, images as [width, height, png...] byte strings,
    the Keras model as its JSON."""
    import tensorflow as tf
    from tensorboard.backend.event_processing import event_accumulator
    out, graphs = {}, {}
    for run in ("train", "validation"):
        acc = event_accumulator.EventAccumulator(str(logdir / run), size_guidance={event_accumulator.TENSORS: 0})
        acc.Reload()
        out[run] = {}
        for tag in acc.Tags()["tensors"]:
            plugin = acc.SummaryMetadata(tag).plugin_data.plugin_name
            values = [(e.step, tf.make_ndarray(e.tensor_proto)) for e in acc.Tensors(tag)]
            if plugin == "scalars":
                values = [(s, float(v)) for s, v in values]
            elif plugin == "graph_keras_model":
                values = [(s, v.item().decode()) for s, v in values]
            out[run][tag] = (plugin, values)
        out[run]["_simple_scalars"] = ("v1", acc.Tags()["scalars"])
        graphs[run] = acc.Graph() if acc.Tags()["graph"] else None
    return out, graphs


def conceptual_graph(model_json):
    """The nodes TensorBoard's Graphs tab draws from a `keras` summary: name, Keras class, inputs, dtype."""
    from tensorboard.plugins.graph import keras_util
    graph = keras_util.keras_model_to_graph_def(json.loads(model_json))
    return sorted((n.name, n.attr["keras_class"].s.decode(), list(n.input), n.attr["dtype"].type) for n in graph.node)


def compare_tensorboard(ctx, k_events, j_events):
    import tensorflow as tf
    for run in ("train", "validation"):
        ctx.equal(f"TensorBoard {run} tags", sorted(j_events[run]), sorted(k_events[run]))
        for tag in sorted(k_events[run]):
            if tag.startswith("_") or tag not in j_events[run]:
                continue
            plugin, kv = k_events[run][tag]
            j_plugin, jv = j_events[run][tag]
            ctx.equal(f"TensorBoard {run}/{tag} plugin", j_plugin, plugin)
            ks = [s for s, _ in kv]
            js = [s for s, _ in jv]
            ctx.equal(f"TensorBoard {run}/{tag} steps", js, ks)
            if js != ks or j_plugin != plugin:
                continue
            kv = [v for _, v in kv]
            jv = [v for _, v in jv]
            if tag.endswith("steps_per_second"):
                ctx.check(f"TensorBoard {run}/{tag} values", all(v > 0 for v in jv), "timings: positive")
            elif plugin == "scalars":
                ctx.close_enough(f"TensorBoard {run}/{tag} values", jv, kv, 1e-5, "float32 summaries of the histories")
            elif plugin == "histograms":
                ctx.equal(f"TensorBoard {run}/{tag} shapes", [v.shape for v in jv], [v.shape for v in kv])
                ctx.equal(f"TensorBoard {run}/{tag} counts", [v[:, 2].tolist() for v in jv], [v[:, 2].tolist() for v in kv])
                ctx.close_enough(f"TensorBoard {run}/{tag} edges", np.stack([v[:, :2] for v in jv]),
                                 np.stack([v[:, :2] for v in kv]), 1e-5, "bucket edges from the weights, which agree to 1e-5")
            elif plugin == "images":
                ctx.equal(f"TensorBoard {run}/{tag} width, height, count", [(v[0], v[1], len(v)) for v in jv],
                          [(v[0], v[1], len(v)) for v in kv])
                jp = [tf.io.decode_png(p).numpy() for v in jv for p in v[2:]]
                kp = [tf.io.decode_png(p).numpy() for v in kv for p in v[2:]]
                ctx.equal(f"TensorBoard {run}/{tag} image shapes", [p.shape for p in jp], [p.shape for p in kp])
                if [p.shape for p in jp] == [p.shape for p in kp]:
                    d = np.concatenate([np.abs(a.astype(int) - b.astype(int)).ravel() for a, b in zip(jp, kp)])
                    ctx.check(f"TensorBoard {run}/{tag} pixels", d.max() <= 1 and np.mean(d > 0) <= 0.01,
                              f"max abs diff {d.max()} <= 1 level, {np.mean(d > 0):.1%} of the pixels differ <= 1%"
                              " (weights within 1e-5 scaled by 255.5 and truncated: one near a level may cross it)")
            elif plugin == "graph_keras_model":
                ctx.equal(f"TensorBoard {run}/{tag} conceptual graph", [conceptual_graph(v) for v in jv],
                          [conceptual_graph(v) for v in kv])


def run(ctx):
    import keras

    keras.utils.set_random_seed(11)
    rng = np.random.default_rng(11)
    x = rng.normal(size=(24, 3)).astype(np.float32)
    y = (x[:, :1] + 0.5 * x[:, 1:2] > 0).astype(np.float32)
    # a validation set labelled by another rule: val_loss falls for 13 epochs, then turns up
    xv = rng.normal(size=(12, 3)).astype(np.float32)
    yv = (xv[:, :1] + xv[:, 2:3] > 0).astype(np.float32)
    for name, a in (("x", x), ("y", y), ("xv", xv), ("yv", yv)):
        save(ctx.work / f"{name}.npy", a)
    model = build()
    for i, w in enumerate(model.get_weights()):
        save(ctx.work / f"w_{i}.npy", w)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=LR), loss="binary_crossentropy", metrics=["accuracy"])
    es = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    rl = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=1, min_delta=0.0)
    tb = keras.callbacks.TensorBoard(log_dir=str(ctx.work / "keras_logs"), histogram_freq=1, write_images=True,
                                     write_steps_per_second=True, update_freq="batch")
    cl = keras.callbacks.CSVLogger(str(ctx.work / "keras.csv"))
    h = model.fit(x, y, batch_size=8, epochs=EPOCHS, shuffle=False, validation_data=(xv, yv), verbose=0,
                  callbacks=[es, rl, tb, cl]).history
    final = model.get_weights()

    out = json.loads(ctx.java("org.jkeras.parity.Callbacks", ctx.work, EPOCHS, LR))

    ctx.equal("history keys", out["keys"], list(h.keys()))
    ctx.equal("epochs run (early stopping)", len(out["history"]["loss"]), len(h["loss"]))
    ctx.equal("stopped_epoch", out["stopped_epoch"], es.stopped_epoch)
    ctx.equal("best_epoch", out["best_epoch"], es.best_epoch)
    for k in h:
        # Logged means of a 3-batch epoch in float32; identical SGD steps on both sides.
        ctx.close_enough(f"history {k}", out["history"][k], h[k], 1e-5, "float32 training, same steps")
    java_w = [load(ctx.work / f"java_w_{i}.npy") for i in range(len(final))]
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(java_w, final))
    ctx.check("restored best weights", diff <= 1e-5, f"max abs diff {diff:.3g} <= 1e-05 (float32 training)")

    # CSVLogger: the same header, the same epochs, the same values (as text, Python's repr of the floats).
    with open(ctx.work / "keras.csv", newline="") as f:
        keras_rows = list(csv.reader(f))
    with open(ctx.work / "java.csv", newline="") as f:
        java_rows = list(csv.reader(f))
    ctx.equal("CSVLogger header", java_rows[0], keras_rows[0])
    ctx.equal("CSVLogger rows", len(java_rows), len(keras_rows))
    jv = np.array([[float(c) for c in r] for r in java_rows[1:]])
    kv = np.array([[float(c) for c in r] for r in keras_rows[1:]])
    ctx.close_enough("CSVLogger values", jv, kv, 1e-5, "the histories above, written as text")

    # TensorBoard: the same runs, tags and steps; the values of the histories (float32 in the events),
    # the histograms and images of the same weights, the same conceptual graph.
    k_events, k_graphs = events(ctx.work / "keras_logs")
    j_events, j_graphs = events(ctx.work / "java_logs")
    compare_tensorboard(ctx, k_events, j_events)
    # The op graph: Keras 3 on TF writes none (its train function is not a traced tf.function's graph);
    # jkeras writes its training graph, which TensorBoard's reader parses.
    ctx.equal("TensorBoard op graph in Keras's runs", [k_graphs["train"] is None, k_graphs["validation"] is None], [True, True])
    ops = {n.op for n in j_graphs["train"].node} if j_graphs["train"] is not None else set()
    ctx.check("TensorBoard jkeras train op graph", {"VarHandleOp", "MatMul", "ResourceApplyGradientDescent"} <= ops,
              f"{len(j_graphs['train'].node) if j_graphs['train'] is not None else 0} nodes, with the weights,"
              " the forward pass and the SGD updates")
    ctx.check("TensorBoard jkeras validation op graph", j_graphs["validation"] is None, "only the train run has one")
