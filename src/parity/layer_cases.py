"""The Keras side of the layer cases (reshaping_layers, normalization_layers, activation_layers):
a table of sub-cases, each a Keras layer on a fixed input, run by real Keras and by jkeras
(java/org/jkeras/parity/LayerParity.java), which rebuilds the layer from Keras's get_config().

For each sub-case both sides compute, with the same weights:
  - y: the output at inference (training=False);
  - grad_x, grad_w_i: the gradients of sum(y * g), g a fixed random cotangent, for the input and
    for each weight (a full backward pass);
  - with `sgd`: one fit step of SGD on the mean squared error to a fixed target, the whole batch at
    once, the layer's output flattened to (batch, features) (jkeras's losses reduce (batch,
    features) outputs as Keras; the losses helper of issue 13 owns the other ranks): the loss of
    the step, evaluate's loss after it, and every weight after it;
  - with `training_output`: the output in training mode (random layers: compared through
    statistics by the case, the two sides' generators being different).
"""
import json

import numpy as np

from common import load, save


class Run:
    """One sub-case: a Keras layer, its input, optional weights, and what to compare."""

    def __init__(self, name, layer, x, weights=None, sgd=None, grad_x=True, training_output=False,
                 java_activation=None, tol=1e-6, why="float32, the same TF ops on both sides"):
        self.name, self.layer, self.x = name, layer, np.asarray(x, np.float32)
        self.weights, self.sgd, self.grad_x = weights, sgd, grad_x
        self.training_output, self.java_activation = training_output, java_activation
        self.tol, self.why = tol, why


def keras_side(run, rng):
    """Builds `run.layer` in a model, sets its weights, computes what LayerParity computes."""
    import keras
    import tensorflow as tf

    x = run.x
    inp = keras.Input(x.shape[1:])
    model = keras.Model(inp, run.layer(inp))
    if run.weights is not None:
        run.layer.set_weights(run.weights)
    initial = [w.numpy() for w in run.layer.weights]
    xt = tf.constant(x)
    g = rng.normal(size=(x.shape[0],) + tuple(model.output.shape[1:])).astype(np.float32)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = run.layer(xt, training=False)
        loss = tf.reduce_sum(y * g)
    grads = tape.gradient(loss, [xt] + list(run.layer.weights))
    out = {"y": y.numpy(), "initial": initial, "g": g}
    if run.grad_x:
        out["grad_x"] = grads[0].numpy()
    for i, gw in enumerate(grads[1:]):
        # An unused weight (Normalization's int count) has no gradient in TF: zero, as jkeras's.
        out[f"grad_w_{i}"] = (np.zeros(initial[i].shape, np.float32) if gw is None
                              else tf.convert_to_tensor(gw).numpy())
    if run.training_output:
        out["training_y"] = run.layer(xt, training=True).numpy()
    if run.sgd is not None:
        # Flattened (as the Java side does), so that the loss is on (batch, features) outputs.
        flat = keras.Model(inp, keras.layers.Flatten()(model.output))
        t = rng.normal(size=(x.shape[0], int(np.prod(y.shape[1:])))).astype(np.float32)
        out["t"] = t
        model = flat
        model.compile(optimizer=keras.optimizers.SGD(run.sgd), loss="mean_squared_error")
        h = model.fit(x, t, batch_size=x.shape[0], epochs=1, shuffle=False, verbose=0).history
        out["loss"] = h["loss"][0]
        out["evaluate_loss"] = model.evaluate(x, t, batch_size=x.shape[0], verbose=0)
        out["stepped"] = [w.numpy() for w in run.layer.weights]
    return out


def compare(ctx, runs, seed):
    """Runs every sub-case on both sides and compares; returns {name: (keras, jkeras_json)} for
    the case's own checks (statistics of random layers...)."""
    import keras

    rng = np.random.default_rng(seed)
    spec, reference = [], {}
    for run in runs:
        ref = keras_side(run, rng)
        reference[run.name] = ref
        save(ctx.work / f"{run.name}_x.npy", run.x)
        save(ctx.work / f"{run.name}_g.npy", ref["g"])
        for i, w in enumerate(ref["initial"]):
            # Not common.save: its ascontiguousarray makes a scalar weight (Normalization's count) 1-d.
            np.save(ctx.work / f"{run.name}_w_{i}.npy", np.array(w, dtype=np.float32, order="C"))
        if "t" in ref:
            save(ctx.work / f"{run.name}_t.npy", ref["t"])
        entry = {"name": run.name, "layer": keras.saving.serialize_keras_object(run.layer), "grad_x": run.grad_x,
                 "training_output": run.training_output, "sgd": run.sgd}
        if run.java_activation:
            entry["java_activation"] = run.java_activation
        spec.append(entry)
    (ctx.work / "spec.json").write_text(json.dumps(spec))

    out = ctx.java_json("org.jkeras.parity.LayerParity", timeout=900)
    for run in runs:
        ref, java = reference[run.name], out[run.name]
        ctx.equal(f"{run.name}/weights", java["weights"], len(ref["initial"]))
        parts = ["y"] + (["grad_x"] if run.grad_x else []) + [f"grad_w_{i}" for i in range(len(ref["initial"]))]
        for part in parts:
            keras_value = ref[part]
            atol = run.tol * max(1.0, float(np.max(np.abs(keras_value))) if keras_value.size else 1.0)
            ctx.close_enough(f"{run.name}/{part}", load(ctx.work / f"{run.name}_jkeras_{part}.npy"), keras_value, atol,
                             f"{run.why}; relative to the largest magnitude")
        if run.sgd is not None:
            # One SGD step moves each weight by lr * gradient: float32 gradients summed in another order.
            ctx.close_enough(f"{run.name}/sgd loss", java["loss"], ref["loss"], 1e-6, "float32 mean of squares")
            ctx.close_enough(f"{run.name}/evaluate loss after the step", java["evaluate_loss"], ref["evaluate_loss"],
                             1e-6, "float32 mean of squares")
            for i, w in enumerate(ref["stepped"]):
                moved = float(np.max(np.abs(w - ref["initial"][i])))
                ctx.check(f"{run.name}/sgd moves weight {i}", moved > 0, f"Keras moved it by up to {moved:.3g}")
                ctx.close_enough(f"{run.name}/weight {i} after one SGD step",
                                 load(ctx.work / f"{run.name}_jkeras_stepped_w_{i}.npy"), w, 1e-6,
                                 "float32 gradients times the learning rate")
    return reference, out
