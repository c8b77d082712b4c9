"""Writes the Keras-made model files of KerasFileTest (run once; the files are committed).

Run with the project's reference environment:  /work/main/.venv/bin/python make_fixtures.py
Small models with seeded random weights, written by Keras 3.15.1 itself:

- `cnn.keras`: the seed's 4.2 CNN at 16x16x3 (fewer filters), compiled as the seed (adam,
  binary_crossentropy, accuracy) and trained one step, so the file holds optimizer state too.
- `two_outputs.keras`: a functional model with a residual block (Conv2D, BatchNormalization, Add),
  a nested Sequential and two named outputs, compiled with a loss per output and loss weights (`mean_squared_error`:
  Keras 3.15's legacy loader cannot read the `mse` alias back).
- `legacy.h5`: the same functional model written by Keras 3's legacy HDF5 writer (`model.save("x.h5")`).
- `keras2.h5`: `legacy.h5` with its `model_config` rewritten in Keras 2's form (`batch_input_shape`,
  dtypes as strings, initializers without `module`, calls as `[[layer, node, tensor, kwargs]]`),
  weight names with `:0`, `keras_version` 2.15.0: what Keras 2 wrote; Keras 3 loads it (checked here).
- `x.npy`, `cnn_pred.npy`, `two_outputs_pred_{0,1}.npy`: an input batch and Keras's predictions.
"""
import json
import os
import shutil

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SIZE = 16


def out(name):
    return os.path.join(HERE, name)


def cnn(keras):
    from keras import layers
    return keras.Sequential([
        keras.Input((SIZE, SIZE, 3)),
        layers.Conv2D(4, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(8, (3, 3), activation="relu"),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(8, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])


def two_outputs(keras):
    from keras import layers
    image = keras.Input((SIZE, SIZE, 3), name="image")
    x = layers.Conv2D(4, 3, padding="same", activation="relu", name="stem")(image)
    y = layers.Conv2D(4, 3, padding="same", name="res_conv")(x)
    y = layers.BatchNormalization(name="res_bn")(y)
    x = layers.Add(name="res_add")([x, y])
    x = layers.GlobalAveragePooling2D()(x)
    x = keras.Sequential([layers.Dense(6, activation="relu")], name="head")(x)
    cls = layers.Dense(1, activation="sigmoid", name="cls")(x)
    reg = layers.Dense(2, name="reg")(x)
    model = keras.Model(image, {"cls": cls, "reg": reg})
    model.compile(optimizer="adam", loss={"cls": "binary_crossentropy", "reg": "mean_squared_error"},
                  loss_weights={"cls": 1.0, "reg": 0.5}, metrics={"cls": ["accuracy"]})
    return model


def keras2_config(node):
    """A Keras 3 layer/model config as Keras 2 wrote it."""
    if isinstance(node, list):
        return [keras2_config(v) for v in node]
    if not isinstance(node, dict):
        return node
    if node.get("class_name") == "__keras_tensor__":
        return node
    out = {}
    for k, v in node.items():
        if k in ("module", "registered_name", "build_config", "compile_config"):
            continue
        if k == "batch_shape":
            out["batch_input_shape"] = v
        elif k == "dtype" and isinstance(v, dict):
            out["dtype"] = v["config"]["name"]
        elif k == "inbound_nodes":
            out[k] = [[t["config"]["keras_history"] + [{}] for t in
                       (n["args"][0] if isinstance(n["args"][0], list) else n["args"])] for n in v]
        elif k in ("kernel_initializer", "bias_initializer") and isinstance(v, dict):
            out[k] = {"class_name": v["class_name"], "config": {"seed": None} if v["class_name"] == "GlorotUniform" else {}}
        elif k in ("optional", "quantization_config", "synchronized", "renorm", "renorm_clipping", "renorm_momentum"):
            continue
        else:
            out[k] = keras2_config(v)
    return out


def main():
    import keras
    keras.utils.set_random_seed(7)
    x = np.random.default_rng(7).random((4, SIZE, SIZE, 3), dtype=np.float32)
    np.save(out("x.npy"), x)

    m = cnn(keras)
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    m.fit(x, np.array([[0], [1], [1], [0]], dtype=np.float32), batch_size=4, epochs=1, verbose=0)
    m.save(out("cnn.keras"))
    np.save(out("cnn_pred.npy"), m.predict(x, verbose=0))

    m = two_outputs(keras)
    m.save(out("two_outputs.keras"))
    m.save(out("legacy.h5"))
    pred = m.predict(x, verbose=0)
    np.save(out("two_outputs_pred_0.npy"), pred["cls"])
    np.save(out("two_outputs_pred_1.npy"), pred["reg"])

    shutil.copy(out("legacy.h5"), out("keras2.h5"))
    with h5py.File(out("keras2.h5"), "r+") as f:
        config = json.loads(f.attrs["model_config"])
        f.attrs["model_config"] = json.dumps(keras2_config(config))
        f.attrs["keras_version"] = "2.15.0"
        weights = f["model_weights"]
        for layer in weights.attrs["layer_names"]:
            g = weights[layer]
            names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs["weight_names"]]
            for n in names:
                g.move(n, n + ":0")
            g.attrs["weight_names"] = np.array([(n + ":0").encode() for n in names])
    for name in ("legacy.h5", "keras2.h5"):
        got = keras.models.load_model(out(name)).predict(x, verbose=0)
        got = got if isinstance(got, dict) else dict(zip(["cls", "reg"], got))
        assert np.allclose(got["cls"], pred["cls"]) and np.allclose(got["reg"], pred["reg"]), "Keras 3 reads " + name


if __name__ == "__main__":
    main()
