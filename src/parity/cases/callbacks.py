"""Callbacks against Keras on the same weights and data: the history of a fit with EarlyStopping
(restore_best_weights) and ReduceLROnPlateau (learning_rate in the logs), the CSVLogger file, and
the TensorBoard event files, read with TensorBoard's own reader (EventAccumulator) and compared
run by run, tag by tag, step by step with what Keras's TensorBoard callback writes."""
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


def scalars(logdir):
    """{run: {tag: [(step, value)]}} as TensorBoard reads it."""
    import tensorflow as tf
    from tensorboard.backend.event_processing import event_accumulator
    out = {}
    for run in ("train", "validation"):
        acc = event_accumulator.EventAccumulator(str(logdir / run), size_guidance={event_accumulator.TENSORS: 0})
        acc.Reload()
        out[run] = {tag: [(e.step, float(tf.make_ndarray(e.tensor_proto))) for e in acc.Tensors(tag)]
                    for tag in acc.Tags()["tensors"]}
        out[run]["_simple_scalars"] = acc.Tags()["scalars"]
    return out


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
    tb = keras.callbacks.TensorBoard(log_dir=str(ctx.work / "keras_logs"), write_graph=False)
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

    # TensorBoard: the same runs, tags and steps; the values of the histories (float32 in the events).
    k_events = scalars(ctx.work / "keras_logs")
    j_events = scalars(ctx.work / "java_logs")
    for run in ("train", "validation"):
        ctx.equal(f"TensorBoard {run} tags", sorted(j_events[run]), sorted(k_events[run]))
        for tag in sorted(k_events[run]):
            if tag.startswith("_") or tag not in j_events[run]:
                continue
            ks = [s for s, _ in k_events[run][tag]]
            js = [s for s, _ in j_events[run][tag]]
            ctx.equal(f"TensorBoard {run}/{tag} steps", js, ks)
            if js == ks:
                ctx.close_enough(f"TensorBoard {run}/{tag} values", [v for _, v in j_events[run][tag]],
                                 [v for _, v in k_events[run][tag]], 1e-5, "float32 summaries of the histories")
