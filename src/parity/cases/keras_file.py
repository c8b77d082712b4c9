"""Keras 3's `.keras` files between Keras and jkeras (issue 14), for three models with seeded random
weights (no download): the seed's 4.2 CNN, the 4.4 VGG16 transfer model (`weights=None`, 32x32) and
a residual functional model with two named outputs (and a nested Sequential); and a model holding
every Keras layer class jkeras has.

- Keras trains each model three Adam steps and writes it (`model.save("m.keras")`): the file holds
  the optimizer's state. jkeras's `Models.loadModel` predicts as Keras does, finds the optimizer's
  iterations, and writes the model back with the `config.json` tree Keras wrote (only Keras's
  `shared_object_id` markers aside). The residual model also as Keras 3's legacy `.h5`.
- jkeras builds, compiles and trains the same architectures three steps and writes `.keras` files:
  Keras's `keras.models.load_model` opens them, predicts as jkeras did, finds jkeras's compile
  config and loads the optimizer's state (Keras's warning that it skips the state is an error here;
  its iterations must be 3).
- Training continues equally: from each file, three further Adam steps in jkeras equal three in
  Keras. Dropout draws its masks from each side's own generator, so for these steps both sides load
  the 4.4 model with its Dropout at rate 0 (Python sets `rate`, jkeras passes a custom object).
- Every layer: Keras writes a model of every layer class jkeras has (Lambda aside: safe mode refuses
  it), jkeras loads it with Keras's predictions and writes it back, Keras loads jkeras's file with the
  same predictions.
"""
import json
import warnings
import zipfile
from pathlib import Path

import numpy as np

import seed
from common import load, save

SIZE, BATCH, STEPS = 32, 4, 3
MODELS = ("cnn", "vgg16_transfer", "residual")
# Both sides run the same float32 kernels on the same weights (observed 0, the VGG16 stack included).
FWD = 1e-5
WHY_FWD = "float32 convolutions summed in another order"
TRAIN = 1e-4
WHY_TRAIN = "float32 gradients summed in another order, over three Adam steps"


def vgg16_transfer(keras):
    from keras import layers
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(SIZE, SIZE, 3))
    x = layers.Flatten()(base.output)
    x = layers.Dense(512, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    x = layers.Dense(1, activation="sigmoid")(x)
    return seed.compile_model(keras.Model(inputs=base.input, outputs=x))


def residual(keras):
    from keras import layers
    image = keras.Input((SIZE, SIZE, 3), name="image")
    x = layers.Conv2D(4, 3, padding="same", activation="relu", name="stem")(image)
    r = layers.Conv2D(4, 3, padding="same", name="res_conv")(x)
    r = layers.BatchNormalization(name="res_bn")(r)
    x = layers.Add(name="res_add")([x, r])
    x = layers.GlobalAveragePooling2D(name="gap")(x)
    x = keras.Sequential([layers.Dense(6, activation="relu")], name="head")(x)
    model = keras.Model(image, {"cls": layers.Dense(1, activation="sigmoid", name="cls")(x),
                                "reg": layers.Dense(2, name="reg")(x)})
    model.compile(optimizer="adam", loss={"cls": "binary_crossentropy", "reg": "mean_squared_error"},
                  loss_weights={"cls": 1.0, "reg": 0.5}, metrics={"cls": ["accuracy"]})
    return model


def build(keras, name):
    if name == "cnn":
        return seed.compile_model(seed.create_model((SIZE, SIZE, 3)))
    return vgg16_transfer(keras) if name == "vgg16_transfer" else residual(keras)


def outputs(pred):
    """predict's outputs as a list, in the models' output order (a dict's by name: cls, reg)."""
    if isinstance(pred, dict):
        return [pred["cls"], pred["reg"]]
    return pred if isinstance(pred, list) else [pred]


def config(path):
    """config.json without what jkeras does not keep: Keras's `shared_object_id` markers (jkeras writes
    each dtype policy whole), and the optimizer's `name`, which jkeras's optimizers do not take from a
    config yet (Keras numbers them per session: `adam`, `adam_1`...)."""
    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k != "shared_object_id"}
        return [strip(v) for v in o] if isinstance(o, list) else o
    c = strip(json.loads(zipfile.ZipFile(path).read("config.json")))
    optimizer = c.get("compile_config", {}).get("optimizer")
    if isinstance(optimizer, dict):
        optimizer["config"].pop("name", None)
    return c


def float32_equal(a, b):
    """Keras keeps an optimizer's learning rate as a float32 variable: jkeras's 0.001 reads back as
    0.0010000000474974513. Numbers are equal when equal as float32; everything else exactly."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(float32_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(float32_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return np.float32(a) == np.float32(b)
    return a == b


def first_difference(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} vs {list(b)}"
        return next((d for d in (first_difference(a[k], b[k], f"{path}/{k}") for k in a) if d), None)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        return next((d for d in (first_difference(x, y, f"{path}[{i}]") for i, (x, y) in enumerate(zip(a, b))) if d), None)
    return None if a == b else f"{path}: {a!r} vs {b!r}"


NAMED = ("module", "class_name", "registered_name")


def skeleton(o, key=None):
    """A config tree with names and numbers left out: keys, list lengths, classes and modules, kinds of value."""
    if isinstance(o, dict):
        return {k: skeleton(v, k) for k, v in o.items()}
    if isinstance(o, list):
        return [skeleton(v) for v in o]
    return o if key in NAMED or isinstance(o, bool) or o is None else type(o).__name__


def fit_steps(model, x, y):
    targets = {"cls": y, "reg": np.zeros((len(y), 2), np.float32)} if len(model.outputs) > 1 else y
    model.fit(x, targets, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
    return outputs(model.predict(x, verbose=0))


def without_dropout(model):
    """Dropout's masks come from each side's generator: the steps compared run without it."""
    for layer in model.layers:
        if type(layer).__name__ == "Dropout":
            layer.rate = 0.0
    return model


def layer_rows():
    """keras_layer_calls.py's rows: one instance of each Keras layer class jkeras has, and its input shapes."""
    import importlib.util
    path = Path(__file__).resolve().parents[2] / "test/resources/org/jkeras/layers/keras_layer_calls.py"
    spec = importlib.util.spec_from_file_location("keras_layer_calls", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.rows()


def every_layer(keras, rng):
    """A functional model calling each layer on inputs of its shapes (Embedding on integer ids), every
    output flattened and concatenated; returns the model and its inputs' values."""
    from keras import layers
    inputs, values, used, outs = {}, {}, {}, []
    for layer, shapes in layer_rows():
        if type(layer).__name__ == "RandomCrop":
            # At inference Keras 3.15.1 returns the input uncropped (keras-team/keras#21868), jkeras the
            # centre window: a crop of the whole image is the same on both sides.
            layer = layers.RandomCrop(shapes[0][0], shapes[0][1], seed=1)
        if type(layer).__name__ == "RandomShear":
            # Keras 3.15.1 writes RandomShear(0.1)'s x_factor as (-0.1, 0.1), which its own from_config
            # refuses: a factor range with no negative bound goes back to Python.
            layer = layers.RandomShear((0.0, 0.1), (0.0, 0.1), seed=1)
        args = []
        for k, shape in enumerate(shapes):
            key = ("ids" if type(layer).__name__ == "Embedding" else "x", tuple(shape), k)
            if key not in inputs:
                inputs[key] = keras.Input(tuple(shape), name="_".join(map(str, (key[0], *shape, k))))
                values[key] = (rng.integers(0, 5, (2, *shape)) if key[0] == "ids" else rng.random((2, *shape))
                               ).astype(np.float32)
            args.append(inputs[key])
        y = layer(args if len(args) > 1 else args[0])
        outs.append(layers.Flatten()(y) if len(y.shape) > 2 else y)
    keys = list(inputs)
    model = keras.Model([inputs[k] for k in keys], layers.Concatenate()(outs))
    return model, [values[k] for k in keys]


def run(ctx):
    import keras

    keras.utils.set_random_seed(14)
    rng = np.random.default_rng(14)
    x = rng.random((BATCH * STEPS, SIZE, SIZE, 3), dtype=np.float32)
    y = (rng.random((BATCH * STEPS, 1)) < 0.5).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    keras_pred = {}
    for name in MODELS:
        model = build(keras, name)
        fit_steps(model, x, y)  # three steps: the file holds Adam's state
        model.save(ctx.work / f"py_{name}.keras")
        keras_pred[name] = outputs(model.predict(x, verbose=0))
        if name == "residual":
            model.save(ctx.work / "py_residual.h5")
    every, every_x = every_layer(keras, rng)
    every.save(ctx.work / "py_every.keras")
    for k, v in enumerate(every_x):
        save(ctx.work / f"every_in_{k}.npy", v)
    keras_every = every.predict(every_x, verbose=0)

    j = ctx.java_json("org.jkeras.parity.KerasFiles", SIZE, BATCH, len(every_x))
    warnings.filterwarnings("error", message=".*Skipping variable loading for optimizer.*")  # the state must load

    for name in MODELS:
        for k, want in enumerate(keras_pred[name]):
            ctx.close_enough(f"keras_to_jkeras/{name}/output_{k}", load(ctx.work / f"jk_from_py_{name}_{k}.npy"), want,
                             FWD, WHY_FWD)
        ctx.equal(f"keras_to_jkeras/{name}/optimizer_iterations", j["iterations_from_py"][name], STEPS)
        diff = first_difference(config(ctx.work / f"py_{name}.keras"), config(ctx.work / f"rt_{name}.keras"))
        ctx.check(f"keras_to_jkeras/{name}/config_written_back", diff is None,
                  diff or "jkeras writes Keras's config.json tree back unchanged")
    for k, want in enumerate(keras_pred["residual"]):
        ctx.close_enough(f"legacy_h5/residual/output_{k}", load(ctx.work / f"jk_from_h5_residual_{k}.npy"), want, FWD, WHY_FWD)

    for name in MODELS:
        theirs = keras.models.load_model(ctx.work / f"jk_{name}.keras")
        got = outputs(theirs.predict(x, verbose=0))
        for k, g in enumerate(got):
            ctx.close_enough(f"jkeras_to_keras/{name}/output_{k}", load(ctx.work / f"jk_{name}_own_{k}.npy"), g, FWD, WHY_FWD)
        ctx.equal(f"jkeras_to_keras/{name}/optimizer_iterations", int(theirs.optimizer.iterations), STEPS)
        diff = first_difference(skeleton(config(ctx.work / f"py_{name}.keras")), skeleton(config(ctx.work / f"jk_{name}.keras")))
        ctx.check(f"jkeras_to_keras/{name}/config_structure", diff is None,
                  diff or "the model built in Java is written with the tree Keras writes for it (names and numbers aside)")
        keras_config = json.loads(json.dumps(theirs.get_compile_config()))
        ctx.check(f"jkeras_to_keras/{name}/compile_config", float32_equal(j["compile"][name], keras_config),
                  f"Keras compiled it as jkeras did (numbers as float32): {keras_config['loss']}, "
                  f"{keras_config['optimizer']['class_name']}")
        with zipfile.ZipFile(ctx.work / f"jk_{name}.keras") as z:
            lr = json.loads(z.read("config.json"))["compile_config"]["optimizer"]["config"]["learning_rate"]
        ctx.equal(f"jkeras_to_keras/{name}/learning_rate_as_keras_writes_it", lr, float(np.float32(0.001)))

    # Training continues from each file: three further Adam steps on each side.
    for prefix, side in (("py", "keras_file_in_jkeras"), ("jk", "jkeras_file_in_keras")):
        for name in MODELS:
            model = without_dropout(keras.models.load_model(ctx.work / f"{prefix}_{name}.keras"))
            before = outputs(model.predict(x, verbose=0))
            trained = fit_steps(model, x, y)
            moved = max(float(np.max(np.abs(a - b))) for a, b in zip(trained, before))
            ctx.check(f"train/{side}/{name}/predictions_moved", moved > 10 * TRAIN,
                      f"three steps moved Keras's predictions by up to {moved:.3g}, so the comparison can fail")
            for k, want in enumerate(trained):
                ctx.close_enough(f"train/{side}/{name}/output_{k}",
                                 load(ctx.work / f"jk_{prefix}_{name}_trained_{k}.npy"), want, TRAIN, WHY_TRAIN)

    ctx.close_enough("every_layer/keras_to_jkeras", load(ctx.work / "jk_every.npy"), keras_every, FWD, WHY_FWD)
    back = keras.models.load_model(ctx.work / "rt_every.keras")
    ctx.close_enough("every_layer/jkeras_to_keras", back.predict(every_x, verbose=0), keras_every, FWD, WHY_FWD)
    diff = first_difference(config(ctx.work / "py_every.keras"), config(ctx.work / "rt_every.keras"))
    ctx.check("every_layer/config_written_back", diff is None, diff or "jkeras writes Keras's config.json tree back unchanged")
