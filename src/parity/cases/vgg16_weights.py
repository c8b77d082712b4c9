"""VGG16 (no top) weights from every Keras-written source give Keras's features in jkeras.

Python Keras writes a seeded VGG16 (weights=None) at 32x32 as: Keras's legacy ImageNet-file layout
(models/make_vgg16.py, checked there by Keras loading it back), the legacy layout as Keras's own
writer lays it out (`legacy_h5_format.save_weights_to_hdf5_group`), Keras 3's `.weights.h5`,
`model.export()` and `tf.saved_model.save()`. jkeras builds `new VGG16(source, false, 32, 32, 3)`
from each, preprocesses the same images with its `preprocessInput` and computes the features; Keras
does the same with `preprocess_input` and `predict`. jkeras also serves the exported SavedModel
through its discovered signature.
"""
import importlib.util
import json
from pathlib import Path

import numpy as np

from common import load, save

ROOT = Path(__file__).resolve().parents[3]


def make_vgg16():
    spec = importlib.util.spec_from_file_location("make_vgg16", ROOT / "models" / "make_vgg16.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(ctx):
    import h5py
    import keras
    import tensorflow as tf
    from keras.src.legacy.saving import legacy_h5_format

    shape = (32, 32, 3)
    paths = make_vgg16().write_all(ctx.work / "gen", None, 7, shape, log=lambda *a: None)
    model = make_vgg16().build(None, 7, shape)  # the same seeded weights again
    for a, b in zip(model.get_weights(), keras.applications.VGG16(weights=str(paths["weights_h5"]),
                                                                  include_top=False, input_shape=shape).get_weights()):
        assert np.array_equal(a, b), "the seeded rebuild differs from the written model"
    keras_legacy = ctx.work / "keras_writer.h5"
    with h5py.File(keras_legacy, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, model)
    tf_saved = ctx.work / "tf_saved_model"
    tf.saved_model.save(model, str(tf_saved))

    rng = np.random.default_rng(1)
    x = rng.uniform(0, 255, size=(6,) + shape).astype(np.float32)
    save(ctx.work / "x.npy", x)
    pre = keras.applications.vgg16.preprocess_input(x.copy())
    features = model.predict(pre, verbose=0)
    # Scale of the features, for reading the tolerance below: seeded Glorot weights, ReLU.
    print(f"   Keras features {features.shape}, max |f| {np.abs(features).max():.3g}")

    sources = {
        "keras_imagenet_layout_h5": paths["legacy_h5"],
        "keras_legacy_writer_h5": keras_legacy,
        "keras3_weights_h5": paths["weights_h5"],
        "keras_export_savedmodel": paths["savedmodel"],
        "tf_saved_model": tf_saved,
    }
    args = [ctx.work]
    for name, p in sources.items():
        args += [name, p]
    out = json.loads(ctx.java("org.jkeras.parity.Vgg16Features", *args).strip().splitlines()[-1])

    # The same float32 subtraction on both sides.
    ctx.close_enough("preprocess_input", load(ctx.work / "pre_java.npy"), pre, 0.0, "identical float32 arithmetic")
    for name in sources:
        # 13 float32 convolutions run by TF 2.18's kernels on both sides, possibly blocked differently
        # (graph session vs tf.function); the bound is 1e-4.
        ctx.close_enough(f"features_{name}", load(ctx.work / f"features_{name}.npy"), features, 1e-4,
                         "float32 convolutions, kernel blocking may differ")
    ctx.close_enough("served_export", load(ctx.work / "served_export.npy"), features, 1e-4,
                     "the exported graph run by TF-Java: same ops, float32")
    sig = tf.saved_model.load(str(paths["savedmodel"])).signatures["serving_default"]
    spec = sig.structured_input_signature[1]
    ((in_key, in_spec),) = spec.items()
    ((out_key, out_spec),) = sig.structured_outputs.items()
    ctx.equal("served_signature", out["served"], {
        "input": in_key, "input_shape": [d if d is not None else -1 for d in in_spec.shape.as_list()],
        "output": out_key, "output_shape": [d if d is not None else -1 for d in out_spec.shape.as_list()]})
