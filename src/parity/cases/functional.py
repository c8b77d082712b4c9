"""The functional API (issue 12): graphs with branches, merges, several inputs and outputs.

Each model is built in Keras and in jkeras with the same layers and names; the weights go from Keras to
jkeras through Keras's own .weights.h5 (which must follow Keras 3's layout for functional models) and
back, so both sides start from the same numbers.

- residual: Conv2D, BatchNormalization, Add (strides 2, padding same) under GlobalAveragePooling2D and a
  sigmoid head: layer order, summary text, forward, five Adam steps, the weights after them.
- two_in_two_out: the issue's acceptance model (Concatenate; binary_crossentropy and mse with loss
  weights 1.0 and 0.5; accuracy on one output): the logged per-output losses and metrics of a short
  fit, evaluate's dictionary and predict's two outputs.
- shared_nested: a layer applied twice and a functional model nested in another: forward, three SGD
  steps, the weights file in both directions.
- weights: sample_weight (one vector for every output), class_weight, and evaluate with sample weights.
"""
import json

import numpy as np

from common import save

FWD = 1e-5
TRAIN = 1e-4
WHY_FWD = "float32 convolutions and sums in another order"
WHY_TRAIN = "float32 gradients summed in another order, over a few steps"


def residual(keras, layers):
    inp = keras.Input((16, 16, 3), name="image")
    # No bias before BatchNormalization (as ResNets do): its exact gradient is 0, and Adam would turn
    # float32 rounding noise into full-size steps on both sides.
    x = layers.Conv2D(8, (3, 3), strides=2, padding="same", use_bias=False, name="stem")(inp)
    x = layers.BatchNormalization(name="stem_bn")(x)
    x = layers.Activation("relu", name="stem_relu")(x)
    r = layers.Conv2D(8, (3, 3), padding="same", use_bias=False, name="res_conv")(x)
    r = layers.BatchNormalization(name="res_bn")(r)
    x = layers.Add(name="res_add")([x, r])
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    y = layers.Dense(1, activation="sigmoid", name="head")(x)
    return keras.Model(inp, y, name="residual")


def snippet(keras, layers):
    image = keras.Input((32, 32, 3), name="image")
    meta = keras.Input((8,), name="meta")
    x = layers.Conv2D(16, (3, 3), padding="same", activation="relu", name="stem")(image)
    r = layers.Conv2D(16, (3, 3), padding="same", name="res_conv")(x)
    x = layers.Add(name="res_add")([x, r])
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    z = layers.Concatenate(name="concat")([x, layers.Dense(8, activation="relu", name="meta_dense")(meta)])
    cls = layers.Dense(1, activation="sigmoid", name="cls")(z)
    reg = layers.Dense(3, name="reg")(z)
    return keras.Model([image, meta], [cls, reg])


def shared_nested(keras, layers):
    sub_in = keras.Input((6,), name="sub_in")
    sub = keras.Model(sub_in, layers.Dense(3, activation="tanh", name="sub_dense")(
        layers.Dense(5, activation="relu", name="sub_hidden")(sub_in)), name="sub")
    a = keras.Input((6,), name="a")
    b = keras.Input((6,), name="b")
    shared = layers.Dense(6, activation="relu", name="shared")
    x = layers.Add(name="sum")([shared(a), shared(layers.Dense(6, name="pre")(b))])
    y = layers.Dense(1, name="out")(sub(x))
    return keras.Model([a, b], y, name="shared_nested")


def layer_names(model):
    return [l.name for l in model.layers]


def run(ctx):
    import keras
    from keras import layers

    rng = np.random.default_rng(12)

    # ---- residual block
    keras.utils.set_random_seed(12)
    model = residual(keras, layers)
    x = rng.random((10, 16, 16, 3), dtype=np.float32)
    y = (rng.random((10, 1)) < 0.5).astype(np.float32)
    save(ctx.work / "res_x.npy", x)
    save(ctx.work / "res_y.npy", y)
    model.save_weights(ctx.work / "res_initial.weights.h5")
    forward = model.predict(x, verbose=0)
    lines = []
    model.summary(print_fn=lambda s, line_break=True: lines.append(s))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, batch_size=2, epochs=1, shuffle=False, verbose=0)
    model.save_weights(ctx.work / "res_keras_final.weights.h5")

    # ---- two inputs, two outputs
    keras.utils.set_random_seed(13)
    two = snippet(keras, layers)
    xi = rng.random((40, 32, 32, 3), dtype=np.float32)
    xm = rng.random((40, 8), dtype=np.float32)
    yc = (rng.random((40, 1)) < 0.5).astype(np.float32)
    yr = rng.standard_normal((40, 3)).astype(np.float32)
    for n, a in {"xi": xi, "xm": xm, "yc": yc, "yr": yr}.items():
        save(ctx.work / f"two_{n}.npy", a)
    two.save_weights(ctx.work / "two_initial.weights.h5")
    two.compile(optimizer="adam", loss={"cls": "binary_crossentropy", "reg": "mse"},
                loss_weights={"cls": 1.0, "reg": 0.5}, metrics={"cls": ["accuracy"]})
    two_history = two.fit([xi, xm], [yc, yr], epochs=2, batch_size=16, shuffle=False, verbose=0).history
    two_eval = two.evaluate([xi, xm], [yc, yr], verbose=0, return_dict=True)
    two_pred = two.predict([xi, xm], verbose=0)
    two_config = graph_of(two.get_config())

    # ---- shared layer, nested model
    keras.utils.set_random_seed(14)
    sn = shared_nested(keras, layers)
    xa = rng.standard_normal((12, 6)).astype(np.float32)
    xb = rng.standard_normal((12, 6)).astype(np.float32)
    ys = rng.standard_normal((12, 1)).astype(np.float32)
    for n, a in {"xa": xa, "xb": xb, "ys": ys}.items():
        save(ctx.work / f"sn_{n}.npy", a)
    sn.save_weights(ctx.work / "sn_initial.weights.h5")
    sn_forward = sn.predict([xa, xb], verbose=0)
    sn.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    sn_history = sn.fit([xa, xb], ys, epochs=1, batch_size=4, shuffle=False, verbose=0).history
    sn.save_weights(ctx.work / "sn_keras_final.weights.h5")

    # ---- sample and class weights (a one-weight model, so the arithmetic is visible)
    def tiny():
        m = keras.Sequential([keras.Input((1,)), layers.Dense(1, use_bias=False, kernel_initializer="ones")])
        m.compile(optimizer=keras.optimizers.SGD(0.0), loss="mse", metrics=["binary_accuracy"],
                  weighted_metrics=["binary_accuracy"])
        return m

    wx = np.array([[0.2], [0.9], [0.4]], np.float32)
    wy = np.array([[0.0], [1.0], [1.0]], np.float32)
    sw = np.array([1.0, 2.0, 3.0], np.float32)
    weights = {
        "fit_sample_weight": tiny().fit(wx, wy, sample_weight=sw, batch_size=2, shuffle=False, verbose=0).history,
        "fit_class_weight": tiny().fit(wx, wy, class_weight={0: 1.0, 1: 3.0}, batch_size=2, shuffle=False,
                                       verbose=0).history,
        "evaluate_sample_weight": tiny().evaluate(wx, wy, sample_weight=sw, batch_size=2, verbose=0, return_dict=True),
        "evaluate": tiny().evaluate(wx, wy, batch_size=2, verbose=0, return_dict=True),
    }
    save(ctx.work / "w_x.npy", wx)
    save(ctx.work / "w_y.npy", wy)
    save(ctx.work / "w_sw.npy", sw)

    j = ctx.java_json("org.jkeras.parity.Functional")

    # residual
    ctx.equal("residual/layers", j["residual"]["layers"], layer_names(model))
    ctx.equal("residual/summary", j["residual"]["summary"], "".join(lines))
    ctx.close_enough("residual/forward", j["residual"]["forward"], forward.ravel().tolist(), FWD, WHY_FWD)
    final = residual(keras, layers)
    final.load_weights(ctx.work / "res_java_final.weights.h5")
    for k, (a, b) in enumerate(zip(final.weights, model.weights)):
        ctx.close_enough(f"residual/after 5 Adam steps {b.path}", np.ravel(a).tolist(), np.ravel(b).tolist(), TRAIN,
                         WHY_TRAIN)

    # two in, two out
    ctx.equal("two_in_two_out/history keys", sorted(j["two"]["history"].keys()), sorted(two_history.keys()))
    for k, v in two_history.items():
        ctx.close_enough(f"two_in_two_out/history {k}", j["two"]["history"][k], v, TRAIN, WHY_TRAIN)
    ctx.equal("two_in_two_out/evaluate keys", list(j["two"]["evaluate"].keys()), list(two_eval.keys()))
    ctx.close_enough("two_in_two_out/evaluate", list(j["two"]["evaluate"].values()), list(two_eval.values()), TRAIN,
                     WHY_TRAIN)
    ctx.close_enough("two_in_two_out/predict cls", j["two"]["predict"][0], two_pred[0].ravel().tolist(), TRAIN, WHY_TRAIN)
    ctx.close_enough("two_in_two_out/predict reg", j["two"]["predict"][1], two_pred[1].ravel().tolist(), TRAIN, WHY_TRAIN)
    ctx.equal("two_in_two_out/get_config graph (layers, calls, inputs, outputs)", graph_of(j["two"]["config"]), two_config)
    ctx.close_enough("two_in_two_out/model rebuilt from its config predicts the same", j["two"]["rebuilt_predict"],
                     j["two"]["predict"][1], 0, "the same weights in the same graph")

    # shared layer, nested model
    ctx.equal("shared_nested/layers", j["sn"]["layers"], layer_names(sn))
    ctx.close_enough("shared_nested/forward", j["sn"]["forward"], sn_forward.ravel().tolist(), FWD, WHY_FWD)
    ctx.close_enough("shared_nested/fit loss", j["sn"]["history"]["loss"], sn_history["loss"], TRAIN, WHY_TRAIN)
    back = shared_nested(keras, layers)
    back.load_weights(ctx.work / "sn_java_final.weights.h5")
    compare(ctx, "shared_nested/weights after 3 SGD steps (jkeras's file read by Keras)", back, sn, TRAIN, WHY_TRAIN)

    # sample and class weights
    for name, logs in weights.items():
        java = j["weights"][name]
        for k, v in logs.items():
            value = v[0] if isinstance(v, list) else v
            ctx.close_enough(f"weights/{name} {k}", java[k], value, 1e-6,
                             "loss sum(w*l)/batch_size averaged by batch size; metrics unweighted, weighted_metrics"
                             " sum(w*v)/sum(w)")


def graph_of(config):
    """What a functional config says of the graph: each layer's class and calls (by keras_history)."""
    def history(arg):
        if isinstance(arg, list):
            return [history(a) for a in arg]
        return arg["config"]["keras_history"]

    layers = [[l["name"], l["class_name"], [[history(a) for a in n["args"]] for n in l["inbound_nodes"]]]
              for l in config["layers"]]
    return {"layers": layers, "input_layers": config["input_layers"], "output_layers": config["output_layers"]}


def compare(ctx, name, a, b, atol, why):
    wa = [w.ravel() for w in a.get_weights()]
    wb = [w.ravel() for w in b.get_weights()]
    ctx.equal(name + " count", len(wa), len(wb))
    ctx.close_enough(name, np.concatenate(wa).tolist(), np.concatenate(wb).tolist(), atol, why)
