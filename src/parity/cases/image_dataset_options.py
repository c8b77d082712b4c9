"""image_dataset_from_directory's options against imageDatasetFromDirectory, on the pets JPEGs.

Each configuration is read by both for one or two epochs: the listing (`file_paths`, after Keras's
NumPy shuffle), and every batch's pixels and labels in the order they come, so the shuffled orders
(NumPy's once, then tf.data's buffer of batch_size * 8 each epoch) are compared too:
crop_to_aspect_ratio, pad_to_aspect_ratio, subset="both", label_mode int/categorical/None, labels
as a list, class_names (a reordering), and a shuffled validation subset.
"""
import json

import numpy as np

from common import load, shared

VAL = shared() / "data" / "pets" / "validation"

CONFIGS = [
    # name, epochs, kwargs
    ("crop", 1, dict(image_size=(24, 40), crop_to_aspect_ratio=True, shuffle=False, label_mode="categorical")),
    ("pad", 1, dict(image_size=(40, 24), pad_to_aspect_ratio=True, shuffle=False, label_mode=None)),
    ("both", 2, dict(image_size=(16, 16), validation_split=0.3, subset="both", seed=123, batch_size=4)),
    ("listed", 2, dict(image_size=(12, 12), labels=[i % 3 for i in range(60)], label_mode="categorical", seed=7,
                       batch_size=5)),
    ("classes", 2, dict(image_size=(12, 12), class_names=["dog", "cat"], validation_split=0.25, subset="validation",
                        seed=5, batch_size=3)),
]


def arg(key, value):
    """A keyword argument as the Java side reads it: key=value, lists comma-separated, None as 'None'."""
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    return f"{key}={value}"


def epochs(ds, n, labelled):
    out = []
    for _ in range(n):
        batches = list(ds)
        x = np.concatenate([b[0] if labelled else b for b in batches]).astype(np.float32)
        y = np.concatenate([b[1] for b in batches]).astype(np.float32) if labelled else None
        out.append((x, y))
    return out


def run(ctx):
    import keras
    import tensorflow as tf

    # tf.data pairs a shuffle's seed with TF's global seed, which a case run before this one in the same
    # process may have set (keras.utils.set_random_seed): reset it, as in a fresh process, where jkeras's
    # shuffle pairs its seed with tf.data's default graph seed (see the closing note on global seeds).
    tf.random.set_seed(None)

    groups = []
    expected = {}
    for name, n, kwargs in CONFIGS:
        # (a copy of a list of labels: Keras shuffles the caller's list in place)
        result = keras.utils.image_dataset_from_directory(
            VAL, verbose=False, **{k: list(v) if isinstance(v, list) else v for k, v in kwargs.items()})
        pairs = [("train", result[0]), ("val", result[1])] if kwargs.get("subset") == "both" else [("", result)]
        labelled = kwargs.get("label_mode", "int") is not None
        for suffix, ds in pairs:
            expected[name + suffix] = (ds.file_paths, epochs(ds, n, labelled), labelled)
        groups += ["--", name, VAL, n] + [arg(k, v) for k, v in kwargs.items()]

    got = ctx.java_json("org.jkeras.parity.ImageDatasetOptionsCase", *groups)
    for key, (paths, passes, labelled) in expected.items():
        ctx.equal(f"{key}/file_paths", got[key]["paths"], [str(p) for p in paths])
        for e, (x, y) in enumerate(passes):
            # Both sides decode with TF's DecodeJpeg and resize with its kernels (half-pixel centres,
            # no antialias), cropping and padding with the same int32/float32 arithmetic.
            ctx.close_enough(f"{key}/epoch{e}/pixels", load(ctx.work / f"{key}_x{e}.npy"), x, 1e-3,
                             "same TF kernels; float32 in 0..255")
            if labelled:
                ctx.equal(f"{key}/epoch{e}/labels", load(ctx.work / f"{key}_y{e}.npy").tolist(), y.tolist())
            else:
                ctx.check(f"{key}/no labels", not (ctx.work / f"{key}_y{e}.npy").exists(), "x only")
