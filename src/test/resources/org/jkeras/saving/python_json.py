"""Writes the JSON files PythonJsonTest reads, as Python's json module writes them (its defaults:
ensure_ascii, so non-ASCII text as \\uXXXX escapes and surrogate pairs; NaN and Infinity as bare
literals; floats as repr, so 1e-07; integers of any size):
- python_json_model.json: Keras's model.to_json() of a functional model with non-ASCII layer names;
- python_json_values.json: values at the edges of what Python's json writes.

Regenerate (Keras 3.15.1, the reference version) from the repository root:
    $JKERAS_VENV/bin/python src/test/resources/org/jkeras/saving/python_json.py
"""
import json
from pathlib import Path

import numpy as np
import keras
from keras import layers

HERE = Path(__file__).parent


def model():
    features = keras.Input((4,), name="entrée")
    hidden = layers.Dense(3, activation="relu", name="dense_café",
                          kernel_regularizer=keras.regularizers.L2(1e-07))(features)
    hidden = layers.Dropout(0.1, name="压缩")(hidden)
    merged = layers.Concatenate(name="concat")([features, hidden])
    out = layers.Dense(1, activation="sigmoid", name="выход 😀")(merged)
    return keras.Model(features, out, name="модель")


def values():
    return {
        "nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"),
        "small": 1e-07, "float32": float(np.float32(0.001)), "decimal": 0.001, "negative_zero": -0.0,
        "int": 3, "big": 2 ** 70, "huge_float": 1e300,
        "text": "café 压缩 😀 \"quoted\" \\ /\n\t\u0001",
        "nested": [[1, [2.5, None]], {"true": True, "false": False}], "empty": [{}, []],
        "keras_version": keras.__version__,
    }


if __name__ == "__main__":
    (HERE / "python_json_model.json").write_text(model().to_json())
    (HERE / "python_json_values.json").write_text(json.dumps(values()))
