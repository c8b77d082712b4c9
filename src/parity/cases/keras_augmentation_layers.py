"""Keras 3's image augmentation layers (issue 15) against jkeras's, on real photos.

Each Keras layer is built here with real Keras; jkeras rebuilds it from Keras's get_config() (so
names, arguments and defaults must match). Randomness is pinned: Keras draws a transformation
(get_random_transformation), it is written in the (batch, k) float layout jkeras's layers take
(each layer's Javadoc gives it), and both sides apply it (Keras's transform_images, jkeras's
transformImages). Deterministic layers are called directly on both sides. Where Keras's layer
hides its draws (RandomColorJitter draws inside transform_images), its sub-layers'
get_random_transformation is pinned to fixed draws. jkeras's own draws are checked against the
ranges Keras draws from, and each layer is the identity at inference where Keras's is.

Images: 2 photos of 24x24x3 on 0..255 (small, to keep CI fast).
"""
import glob
import json

import numpy as np

from common import load, save, shared

N, H, W = 2, 24, 24


def photos(n, h, w, offset=0):
    import cv2
    files = sorted(glob.glob(str(shared() / "data" / "pets" / "train" / "*" / "*.jpg")))[offset::41][:n]
    out = []
    for f in files:
        img = cv2.cvtColor(cv2.imread(f), cv2.COLOR_BGR2RGB)
        out.append(cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA))
    return np.stack(out).astype(np.float32)


def col(v, n=N):
    """A Keras per-image value (any shape with n leading entries) as an (n, 1) column."""
    return np.asarray(v, np.float32).reshape(n, -1)[:, :1]


def rows(v, n=N):
    """A value Keras draws once for the batch, repeated on each of the n rows."""
    v = np.asarray(v, np.float32).reshape(1, -1)
    return np.repeat(v, n, axis=0)


def box(mask):
    """Integer corners (x0, x1, y0, y1) of each image's boolean box mask (batch, h, w, c): the same
    mask under jkeras's x0 <= x < x1, y0 <= y < y1. An empty box gives (0, 0, 0, 0)."""
    out = []
    for m in np.asarray(mask)[..., 0]:
        ys, xs = np.nonzero(m)
        out.append([xs.min(), xs.max() + 1, ys.min(), ys.max() + 1] if len(xs) else [0, 0, 0, 0])
    return np.asarray(out, np.float32)


def layout(layer, t, n=N):
    """Keras's transformation dict of `layer` in jkeras's (batch, k) layout."""
    name = type(layer).__name__
    if name == "RandomInvert":
        return col(t["apply_inversion"], n)
    if name == "RandomPosterization":
        return col(t["shift_factor"], n)
    if name == "Solarization":
        return np.concatenate([col(t["additions"], n), col(t["thresholds"], n)], axis=1)
    if name == "RandomGrayscale":
        return col(t, n)
    if name in ("RandomHue", "RandomSaturation", "RandomSharpness", "RandomColorDegeneration"):
        return col(t["factor"], n)
    if name in ("AutoContrast", "Equalization"):
        return np.zeros((n, 0), np.float32)
    if name == "RandomContrast":
        return col(t["contrast_factor"], n)
    if name == "RandomBrightness":
        return col(t["rgb_delta"], n)
    if name == "RandomRotation":
        return col(t["angle"], n)
    if name == "RandomTranslation":
        return np.asarray(t["translations"], np.float32).reshape(n, 2)
    raise ValueError(name)


def run(ctx):
    import keras
    from keras import layers

    x = photos(N, H, W)
    save(ctx.work / "x.npy", x)
    xu = x / 255.0
    save(ctx.work / "xu.npy", xu)
    spec = []
    checks = []  # (name, out file, keras result, atol, why)

    def config(layer):
        return {"class_name": type(layer).__name__, "config": layer.get_config()}

    def pinned(label, layer, tol, why, unit=False):
        inp = xu if unit else x
        layer.build(inp.shape)
        t = layer.get_random_transformation(inp, training=True)
        ref = np.asarray(layer.transform_images(inp, t, training=True))
        i = len(spec)
        save(ctx.work / f"t{i}.npy", layout(layer, t))
        spec.append({"layer": config(layer), "x": "xu.npy" if unit else "x.npy", "mode": "transform",
                     "t": f"t{i}.npy", "out": f"y{i}.npy"})
        checks.append((f"transform/{label}", f"y{i}.npy", ref, tol, why))
        return t

    def direct(label, layer, training, tol, why, unit=False):
        inp = xu if unit else x
        ref = np.asarray(layer(inp, training=training))
        i = len(spec)
        spec.append({"layer": config(layer), "x": "xu.npy" if unit else "x.npy", "mode": "call", "training": training,
                     "out": f"y{i}.npy"})
        checks.append((f"{'training' if training else 'inference'}/{label}", f"y{i}.npy", ref, tol, why))

    rounding = "float32 rounding of the same formulas (0..255 images)"
    # ---- colour layers, transformation pinned
    pinned("RandomInvert", layers.RandomInvert(seed=1), 1e-4, "255 - x, exact in float32")
    pinned("RandomInvert (0.2, 0.9) value_range (0, 1)", layers.RandomInvert((0.2, 0.9), value_range=(0, 1), seed=2),
           1e-6, "1 - x", unit=True)
    pinned("RandomPosterization 4", layers.RandomPosterization(4, seed=3), 0.0, "integer bit shifts: exact")
    pinned("RandomPosterization (2, 7) value_range (0, 1)",
           layers.RandomPosterization((2, 7), value_range=(0, 1), seed=4), 1e-6, "bit shifts; the scaling in float32",
           unit=True)
    pinned("Solarization (0.2, 0.5)", layers.Solarization(addition_factor=0.2, threshold_factor=0.5, seed=5), 1e-3,
           rounding)
    pinned("Solarization value_range (0, 1)",
           layers.Solarization(addition_factor=(0.1, 0.3), threshold_factor=(0.2, 0.6), value_range=(0, 1), seed=6),
           1e-5, "float32 rounding on a 0..1 image", unit=True)
    pinned("RandomGrayscale 0.5", layers.RandomGrayscale(0.5, seed=7), 1e-3,
           "the luma sum in float32 (tensordot vs multiply-and-sum)")
    pinned("RandomHue 0.5", layers.RandomHue(0.5, seed=8), 1e-3, "TF's RGBToHSV/HSVToRGB kernels on both sides")
    pinned("RandomHue (0.2, 0.9) value_range (0, 1)", layers.RandomHue((0.2, 0.9), value_range=(0, 1), seed=9), 1e-5,
           "TF's HSV kernels on a 0..1 image", unit=True)
    pinned("RandomSaturation 0.5", layers.RandomSaturation(0.5, seed=10), 1e-3, "TF's HSV kernels on both sides")
    pinned("RandomSaturation (0.6, 0.9)", layers.RandomSaturation((0.6, 0.9), seed=11), 1e-3,
           "TF's HSV kernels on both sides")
    pinned("RandomSharpness 0.8", layers.RandomSharpness(0.8, seed=12), 1e-3,
           "the same depthwise convolution, float32")
    pinned("RandomColorDegeneration 0.6", layers.RandomColorDegeneration(0.6, seed=13), 1e-3, rounding)
    # ---- deterministic layers, called directly
    direct("AutoContrast", layers.AutoContrast(), False, 1e-3, rounding + "; active at inference as in Keras")
    direct("AutoContrast value_range (0, 1)", layers.AutoContrast(value_range=(0, 1)), True, 1e-5, "a 0..1 image",
           unit=True)
    direct("Equalization", layers.Equalization(), True, 0.0, "integer histogram and lookup table: exact")
    direct("Equalization bins 64 value_range (0, 1)", layers.Equalization(bins=64, value_range=(0, 1)), True, 1e-6,
           "the table scaled to 0..1 in float32", unit=True)
    direct("RandomInvert (1, 1)", layers.RandomInvert((1.0, 1.0), seed=1), True, 0.0, "every image inverted: 255 - x")
    direct("Solarization defaults", layers.Solarization(seed=1), True, 0.0,
           "addition 0 and threshold 0: every value becomes 255 - x")
    # ---- identity at inference (Keras's transform_images checks `training`)
    for layer in [layers.RandomInvert(seed=1), layers.RandomPosterization(3, seed=1), layers.Solarization(0.5, 0.5, seed=1),
                  layers.RandomGrayscale(1.0, seed=1), layers.RandomHue(0.5, seed=1), layers.RandomSaturation(0.5, seed=1),
                  layers.RandomSharpness(0.5, seed=1), layers.RandomColorDegeneration(0.5, seed=1),
                  layers.Equalization()]:
        direct(type(layer).__name__, layer, False, 0.0, "the identity")

    (ctx.work / "spec.json").write_text(json.dumps(spec))
    ctx.java("org.jkeras.parity.PreprocessingLayers", ctx.work)
    for name, out, ref, atol, why in checks:
        ctx.close_enough(name, load(ctx.work / out), ref, atol, why)
