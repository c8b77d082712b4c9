"""Keras's image preprocessing layers against jkeras's, on real photos.

Each Keras layer is built here with real Keras; jkeras rebuilds it from Keras's own get_config()
(so names, arguments and defaults must match). Randomness cannot be compared draw by draw (the two
sides use different generators), so each random layer is checked twice:
  - transform: Keras draws a transformation (get_random_transformation); both sides apply that same
    transformation (Keras's transform_images vs jkeras's transformImages) and must agree;
  - draws: jkeras's own draws for 256 images must lie in the range Keras's layer draws from, and
    spread over it.
Deterministic layers (Rescaling, Resizing) and inference behaviour are compared directly.
Under `mixed_bfloat16` (issue 17) the layers jkeras computes in a mixed policy get bfloat16 images on
both sides and must give Keras's bfloat16 output (its `transform_images` / its call).
"""
import glob
import json
import os
from pathlib import Path

import numpy as np

from common import load, save


def photos(n, h, w):
    """n RGB photos of the shared pets set, resized to h x w, as float32 0..255."""
    import cv2
    root = Path(os.environ.get("JKERAS_SHARED", "../shared"))
    files = sorted(glob.glob(str(root / "data" / "pets" / "train" / "*" / "*.jpg")))[::37][:n]
    if len(files) < n:
        raise FileNotFoundError(f"expected pet photos under {root}/data/pets/train (set JKERAS_SHARED)")
    out = []
    for f in files:
        img = cv2.cvtColor(cv2.imread(f), cv2.COLOR_BGR2RGB)
        out.append(cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA))
    return np.stack(out).astype(np.float32)


def keras_transformation(layer, t):
    """Keras's transformation of `layer` in the (batch, k) float layout jkeras's layers use."""
    name = type(layer).__name__
    if name == "RandomFlip":
        return np.asarray(t["flips"], np.float32).reshape(-1, 1)
    if name == "RandomContrast":
        return np.asarray(t["contrast_factor"], np.float32).reshape(-1, 1)
    if name == "RandomBrightness":
        return np.asarray(t["rgb_delta"], np.float32).reshape(-1, 1)
    if name == "RandomRotation":
        return np.asarray(t["angle"], np.float32).reshape(-1, 1)
    if name == "RandomZoom":
        return np.concatenate([np.asarray(t["width_zoom"]), np.asarray(t["height_zoom"])], axis=1).astype(np.float32)
    if name == "RandomTranslation":
        return np.asarray(t["translations"], np.float32)
    if name == "RandomCrop":
        return np.asarray([[int(t[0]), int(t[1])]], np.float32)
    raise ValueError(name)


def run(ctx):
    import keras
    from keras import layers

    x = photos(4, 48, 64)
    save(ctx.work / "x.npy", x)
    spec = []
    checks = []  # (name, keras result, atol, why)

    def config(layer):
        return {"class_name": type(layer).__name__, "config": layer.get_config()}

    # ---- transform: the same transformation on both sides
    transform_layers = [
        layers.RandomFlip(seed=1),
        layers.RandomFlip("horizontal", seed=2),
        layers.RandomFlip("vertical", seed=3),
        layers.RandomContrast(0.5, seed=4),
        layers.RandomContrast((0.3, 0.6), value_range=(10, 200), seed=5),
        layers.RandomBrightness(0.3, seed=6),
        layers.RandomBrightness((-0.5, 0.1), value_range=(0, 1), seed=7),
        layers.RandomRotation(0.2, seed=8),
        layers.RandomRotation(0.3, fill_mode="constant", fill_value=17.0, seed=9),
        layers.RandomRotation(0.3, fill_mode="wrap", seed=10),
        layers.RandomRotation(0.3, fill_mode="nearest", interpolation="nearest", seed=11),
        layers.RandomZoom(0.3, seed=12),
        layers.RandomZoom((-0.4, 0.2), (0.1, 0.5), fill_mode="constant", seed=13),
        layers.RandomTranslation(0.2, 0.3, seed=14),
        layers.RandomTranslation((-0.3, 0.1), 0.2, fill_mode="nearest", seed=15),
        layers.RandomCrop(30, 40, seed=16),
    ]
    for i, layer in enumerate(transform_layers):
        layer.build(x.shape)
        unit_range = type(layer).__name__ == "RandomBrightness" and layer.value_range[1] == 1
        xin = x / 255.0 if unit_range else x  # a [0, 1] image for value_range=(0, 1)
        if unit_range:
            save(ctx.work / f"x{i}.npy", xin)
        t = layer.get_random_transformation(xin, training=True)
        ref = np.asarray(layer.transform_images(xin, t, training=True))
        save(ctx.work / f"t{i}.npy", keras_transformation(layer, t))
        spec.append({"layer": config(layer), "x": f"x{i}.npy" if unit_range else "x.npy", "mode": "transform",
                     "t": f"t{i}.npy", "out": f"y{i}.npy"})
        # Same op (ImageProjectiveTransformV3) on both sides, matrices computed in float32 by separate
        # graphs: a 1e-6 pixel difference moves a bilinear value by far less than 0.01 grey levels.
        # Colour layers: float32 sums in a possibly different order.
        checks.append((f"transform/{layer.name}", f"y{i}.npy", ref, 1e-2, "float32 rounding of the same formulas"))

    # ---- draws: jkeras's own randomness lies where Keras's does
    xd = np.zeros((256, 40, 50, 3), np.float32)
    save(ctx.work / "xd.npy", xd)
    draw_layers = [
        layers.RandomFlip(seed=1),
        layers.RandomContrast(0.2, seed=2),
        layers.RandomBrightness(0.3, seed=3),
        layers.RandomRotation(0.1, seed=4),
        layers.RandomZoom(0.2, 0.3, seed=5),
        layers.RandomTranslation(0.1, 0.2, seed=6),
        layers.RandomCrop(30, 20, seed=7),
    ]
    draw_ranges = []
    for i, layer in enumerate(draw_layers):
        name = type(layer).__name__
        if name == "RandomFlip":
            lo, hi = [0.0], [1.0]
        elif name == "RandomContrast":
            lo, hi = [1.0 - layer.factor[0]], [1.0 + layer.factor[1]]
        elif name == "RandomBrightness":
            span = layer.value_range[1] - layer.value_range[0]
            lo, hi = [layer.factor[0] * span], [layer.factor[1] * span]
        elif name == "RandomRotation":
            lo, hi = [layer.factor[0] * 360.0], [layer.factor[1] * 360.0]
        elif name == "RandomZoom":
            lo = [1.0 + layer.width_lower, 1.0 + layer.height_lower]
            hi = [1.0 + layer.width_upper, 1.0 + layer.height_upper]
        elif name == "RandomTranslation":
            lo = [layer.width_lower * xd.shape[2], layer.height_lower * xd.shape[1]]
            hi = [layer.width_upper * xd.shape[2], layer.height_upper * xd.shape[1]]
        else:  # RandomCrop: h_start in [0, H - h], w_start in [0, W - w]
            lo, hi = [0, 0], [xd.shape[1] - layer.height, xd.shape[2] - layer.width]
        spec.append({"layer": config(layer), "x": "xd.npy", "mode": "draws", "out": f"d{i}.npy"})
        draw_ranges.append((name, f"d{i}.npy", np.array(lo), np.array(hi)))

    # ---- inference and deterministic layers
    det = [
        (layers.RandomRotation(0.5, seed=1), "inference", None),
        (layers.RandomContrast(0.9, seed=1), "inference", None),
        (layers.Rescaling(1.0 / 255, offset=-0.5), "call", None),
        (layers.Resizing(30, 45), "call", None),
        (layers.Resizing(30, 45, interpolation="nearest"), "call", None),
        (layers.Resizing(60, 50, interpolation="bicubic"), "call", None),
        (layers.Resizing(30, 45, interpolation="area"), "call", None),
        (layers.Resizing(30, 45, interpolation="lanczos3"), "call", None),
        (layers.Resizing(30, 45, interpolation="lanczos5"), "call", None),
        (layers.Resizing(20, 30, antialias=True), "call", None),
        (layers.Resizing(32, 32, crop_to_aspect_ratio=True), "call", None),
        (layers.Resizing(32, 32, pad_to_aspect_ratio=True, fill_value=7.0), "call", None),
        (layers.Resizing(50, 20, pad_to_aspect_ratio=True), "call", None),
    ]
    for i, (layer, mode, _) in enumerate(det):
        ref = np.asarray(layer(x, training=False))
        spec.append({"layer": config(layer), "x": "x.npy", "mode": mode, "training": False, "out": f"z{i}.npy"})
        # Same TF resize/affine ops on both sides; lanczos/antialias kernels are float32 sums.
        checks.append((f"{mode}/{layer.name}", f"z{i}.npy", ref, 1e-3, "float32 rounding of the same TF ops"))

    # RandomCrop at inference: Keras 3.15.1 returns the input uncropped (keras-team/keras#21868);
    # jkeras applies the centre window Keras computes for training=False, as the fix does.
    crop = layers.RandomCrop(30, 40, seed=3)
    t = crop.get_random_transformation(x, training=False)
    ref = np.asarray(crop.transform_images(x, t, training=True))
    spec.append({"layer": config(crop), "x": "x.npy", "mode": "inference", "out": "crop_inference.npy"})
    checks.append(("inference/random_crop (centre window)", "crop_inference.npy", ref, 0.0, "an exact slice"))
    small = layers.RandomCrop(60, 90, seed=3)  # larger than the input: Keras slices then resizes
    t = small.get_random_transformation(x, training=True)
    ref = np.asarray(small.transform_images(x, t, training=True))
    spec.append({"layer": config(small), "x": "x.npy", "mode": "call", "training": True, "out": "crop_small.npy"})
    checks.append(("call/random_crop larger than the input", "crop_small.npy", ref, 1e-3, "the same bilinear resize op"))

    # ---- mixed_bfloat16: the layers jkeras computes in a mixed policy, images in bfloat16 on both sides
    import tensorflow as tf
    xb = tf.cast(x, tf.bfloat16)
    dtypes = []  # (name, jkeras's dtype file, Keras's output dtype): bfloat16, but float32 from CenterCrop's resize
    mixed = [
        (layers.RandomFlip(seed=1, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomContrast(0.5, seed=4, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomBrightness(0.3, seed=6, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomRotation(0.2, seed=8, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomRotation(0.3, fill_mode="constant", fill_value=17.0, seed=9, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomZoom(0.3, seed=12, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomTranslation(0.2, 0.3, seed=14, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomCrop(30, 40, seed=16, dtype="mixed_bfloat16"), "transform"),
        (layers.RandomCrop(60, 90, seed=3, dtype="mixed_bfloat16"), "transform"),  # slices then resizes
        (layers.Resizing(30, 45, dtype="mixed_bfloat16"), "call"),
        (layers.Resizing(32, 32, pad_to_aspect_ratio=True, fill_value=7.0, dtype="mixed_bfloat16"), "call"),
        (layers.CenterCrop(30, 40, dtype="mixed_bfloat16"), "call"),
        (layers.CenterCrop(60, 90, dtype="mixed_bfloat16"), "call"),  # smart_resize
        (layers.Normalization(mean=[120.0, 110.0, 100.0], variance=[3000.0, 2800.0, 2600.0], dtype="mixed_bfloat16"),
         "call"),
    ]
    for i, (layer, mode) in enumerate(mixed):
        layer.build(x.shape)
        if mode == "transform":
            t = layer.get_random_transformation(xb, training=True)
            # In a tf.function, as Keras's fit and predict run a layer (Grappler rewrites the graph, as jkeras's)
            out = tf.function(lambda v: layer.transform_images(v, t, training=True))(xb)
            save(ctx.work / f"mt{i}.npy", keras_transformation(layer, t))
        else:
            out = tf.function(lambda v: layer(v, training=True))(xb)
        dtypes.append((f"mixed_bfloat16/{layer.name}/output_dtype", f"m{i}.npy.dtype", out.dtype.name))
        ref = np.asarray(tf.cast(out, tf.float32))
        spec.append({"layer": config(layer), "x": "x.npy", "mode": mode, "training": True, "dtype": "bfloat16",
                     "t": f"mt{i}.npy" if mode == "transform" else None, "out": f"m{i}.npy"})
        # The same TF ops on bfloat16 images. The affine layers' matrices are float32 sums of separate graphs:
        # a 1e-6 shift of a bilinear weight can round to the neighbouring bfloat16 value, one step of 2**-7
        # relative (1.0 at 128..255 grey levels).
        geometric = type(layer).__name__ in ("RandomRotation", "RandomZoom", "RandomTranslation")
        checks.append((f"mixed_bfloat16/{mode}/{layer.name}", f"m{i}.npy", ref, 1.0 if geometric else 0.0,
                       "one bfloat16 step at 128..255 (matrices in float32 from separate graphs)" if geometric
                       else "the same TF ops on the same bfloat16 values"))

    (ctx.work / "spec.json").write_text(json.dumps(spec))
    ctx.java("org.jkeras.parity.PreprocessingLayers", ctx.work)

    for name, out, ref, atol, why in checks:
        ctx.close_enough(name, load(ctx.work / out), ref, atol, why)
    for name, out, want in dtypes:
        ctx.equal(name, (ctx.work / out).read_text(), want)
    for name, out, lo, hi in draw_ranges:
        d = load(ctx.work / out).reshape(-1, len(lo))
        inside = bool(np.all(d >= lo - 1e-4) and np.all(d <= hi + 1e-4))
        if name == "RandomCrop":
            spread = d.shape[0] == 1  # one window per batch, as Keras
            detail = f"one corner {d[0].tolist()} in [{lo.tolist()}, {hi.tolist()}]"
        else:
            # 256 uniform draws cover more than half of the range (a failure has probability ~1e-70).
            spread = bool(np.all(d.max(0) - d.min(0) >= 0.5 * (hi - lo)))
            if name == "RandomFlip":
                spread = spread and 0.35 < d.mean() < 0.65
            detail = f"{d.shape[0]} draws in [{d.min(0).tolist()}, {d.max(0).tolist()}] within Keras's [{lo.tolist()}, {hi.tolist()}]"
        ctx.check(f"draws/{name}", inside and spread, detail)
