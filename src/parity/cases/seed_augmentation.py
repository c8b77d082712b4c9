"""The seed's section 4.1 (random_crop, random_rotate with OpenCV) against jkeras's graph ops.

The article's own functions, unchanged, come from seed_41.py. Both sides work on the same
uint8 photos (OpenCV's images). random_crop is compared at the corner jkeras drew: NumPy's randint
is replaced, for that call only, by the corner jkeras reports (the draws themselves come from
different generators); the corner must lie in randint's range. random_rotate is compared at fixed
angles: same output shape, and mean absolute difference <= 1 grey level away from the borders.
Section 3.1's colour changes are compared with tf.image's functions at fixed factors.
"""
import glob
import json
import os
from pathlib import Path

import cv2
import numpy as np

from common import load, save
from seed_41 import random_crop, random_rotate  # the article's code, verbatim


def seed_matrix(h, w, angle):
    """The seed's M and canvas, as random_rotate computes them (for the matrix comparison)."""
    (cX, cY) = (w // 2, h // 2)
    M = cv2.getRotationMatrix2D((cX, cY), angle, 1.0)
    cos = np.abs(M[0, 0])
    sin = np.abs(M[0, 1])
    nW = int((h * sin) + (w * cos))
    nH = int((h * cos) + (w * sin))
    M[0, 2] += (nW / 2) - cX
    M[1, 2] += (nH / 2) - cY
    return M, nW, nH


def photo(index, h, w):
    root = Path(os.environ.get("JKERAS_SHARED", "../shared"))
    files = sorted(glob.glob(str(root / "data" / "pets" / "train" / "*" / "*.jpg")))
    if not files:
        raise FileNotFoundError(f"expected pet photos under {root}/data/pets/train (set JKERAS_SHARED)")
    img = cv2.imread(files[index])  # uint8 BGR, as the seed's images
    return cv2.resize(img, (w, h), interpolation=cv2.INTER_AREA)


def interior(M, h, w, out_shape):
    """Output pixels whose source point lies at least one pixel inside the image: all four bilinear
    neighbours are image pixels (away from the borders, where the black fill is blended in)."""
    iM = cv2.invertAffineTransform(M)
    ys, xs = np.mgrid[0:out_shape[0], 0:out_shape[1]]
    sx = iM[0, 0] * xs + iM[0, 1] * ys + iM[0, 2]
    sy = iM[1, 0] * xs + iM[1, 1] * ys + iM[1, 2]
    return (sx >= 1) & (sx <= w - 2) & (sy >= 1) & (sy <= h - 2)


def with_randint(corner, h, w, size, fn):
    """Runs fn with np.random.randint answering the seed's two draws with jkeras's corner."""
    y1, x1 = corner
    expected = [(0, w - size[1], x1), (0, h - size[0], y1)]  # x1 is drawn first, then y1
    calls = []
    real = np.random.randint

    def fake(low, high=None, *args, **kwargs):
        lo, hi, value = expected[len(calls)]
        calls.append((low, high))
        assert (low, high) == (lo, hi), f"the seed drew randint({low}, {high}), expected randint({lo}, {hi})"
        return value

    np.random.randint = fake
    try:
        return fn(), calls
    finally:
        np.random.randint = real


def run(ctx):
    import tensorflow as tf

    # "d" rotates onto canvases over 512x512 pixels: jkeras's other warp path (the projective op).
    images = {"a": photo(0, 120, 160), "b": photo(150, 77, 101), "c": photo(250, 224, 224), "d": photo(60, 400, 600)}
    for k, v in images.items():
        save(ctx.work / f"img_{k}.npy", v)
    angles = [30, 45, 90, 137, -20, 180, 0.5, 271.3]

    matrices = [[h, w, float(a)] for (h, w) in [(120, 160), (77, 101), (224, 224), (100, 100), (1, 7)]
                for a in list(np.arange(-360, 361, 7.5)) + angles]
    rotate = [{"image": f"img_{k}.npy", "angle": a, "out": f"rot_{k}_{i}.npy"}
              for k in ("a", "b") for i, a in enumerate(angles)]
    rotate += [{"image": "img_d.npy", "angle": a, "out": f"rot_d_{i}.npy"} for i, a in enumerate([30, 137])]
    crops = [{"image": "img_a.npy", "size": [50, 70], "seed": s, "out": f"crop_{s}.npy"} for s in range(6)]
    crops += [{"image": "img_b.npy", "size": [76, 3], "seed": 9, "out": "crop_b.npy"}]
    pipeline = [{"image": "img_c.npy", "size": [100, 100], "seed": s, "angle": 45, "out": f"pipe_{s}.npy"}
                for s in range(3)]
    xf = photo(40, 48, 64)[:, :, ::-1].astype(np.float32)  # RGB for the colour functions
    save(ctx.work / "xf.npy", xf)
    color = [("brightness", 0.2), ("brightness", -0.3), ("contrast", 1.5), ("contrast", 0.4),
             ("saturation", 0.3), ("saturation", 2.0), ("hue", 0.1), ("hue", -0.4)]
    spec = {"matrices": matrices, "rotate": rotate, "crop": crops, "pipeline": pipeline,
            "color": [{"image": "xf.npy", "op": op, "value": v, "out": f"color_{i}.npy"}
                      for i, (op, v) in enumerate(color)]}
    (ctx.work / "spec.json").write_text(json.dumps(spec))
    out = json.loads(ctx.java("org.jkeras.parity.SeedAugmentation", ctx.work))

    # The rotation matrix and the enlarged canvas, for 100 angles and 5 image shapes.
    canvas_bad, m_err = [], 0.0
    for (h, w, a), got in zip(matrices, out["matrices"]):
        M, nW, nH = seed_matrix(h, w, a)
        if (got["nW"], got["nH"]) != (nW, nH):
            canvas_bad.append((h, w, a, (got["nH"], got["nW"]), (nH, nW)))
        m_err = max(m_err, float(np.max(np.abs(np.array(got["M"]) - M.ravel()))))
    ctx.check("canvas (nH, nW) for every angle and shape", not canvas_bad,
              f"{len(matrices)} cases, mismatches: {canvas_bad[:3]}")
    # Java's StrictMath cos/sin vs C's: the same double up to the last bit or two.
    ctx.check("rotation matrix M", m_err <= 1e-9, f"max abs diff {m_err:.3g} <= 1e-9 (double sin/cos of two libms)")

    # random_rotate at fixed angles: same shape; mean |diff| <= 1 grey level away from the borders
    # (OpenCV interpolates in fixed point, 1/32 pixel steps and 15-bit weights; TF in float32).
    for t in rotate:
        img = images[t["image"][4]]
        ref = random_rotate(img, t["angle"])
        got = load(ctx.work / t["out"])
        name = f"random_rotate {img.shape[0]}x{img.shape[1]} angle {t['angle']}"
        if got.shape != ref.shape:
            ctx.check(name, False, f"shape {got.shape} (jkeras) vs {ref.shape} (seed)")
            continue
        M, _, _ = seed_matrix(img.shape[0], img.shape[1], t["angle"])
        mask = interior(M, img.shape[0], img.shape[1], ref.shape)
        d = np.abs(got.astype(np.float64) - ref.astype(np.float64))
        inner = float(d[mask].mean())
        ctx.check(name, inner <= 1.0, f"shape {ref.shape}; mean abs diff {inner:.3f} <= 1 away from the borders"
                  f" (whole image {d.mean():.3f}, max {d.max():.0f})")

    # random_crop at jkeras's corner: the seed's slice, exactly; the corner in randint's range.
    for t, corner in zip(crops, out["corners"]):
        img = images[t["image"][4]]
        h, w = img.shape[:2]
        size = t["size"]
        ref, calls = with_randint(corner, h, w, size, lambda: random_crop(img, size))
        got = load(ctx.work / t["out"])
        in_range = 0 <= corner[0] < h - size[0] and 0 <= corner[1] < w - size[1]
        ok = in_range and got.shape == ref.shape and np.array_equal(got, ref.astype(np.float32))
        ctx.check(f"random_crop size {tuple(size)} seed {t['seed']}", ok,
                  f"corner (y1, x1)={tuple(corner)} within randint ranges {calls}; exact slice {got.shape}")

    # Section 4.1 end to end: size = (100, 100); angle = 45; rotate(crop(image)).
    for t, corner in zip(pipeline, out["pipeline_corners"]):
        img = images["c"]
        ref, _ = with_randint(corner, 224, 224, t["size"], lambda: random_rotate(random_crop(img, t["size"]), 45))
        got = load(ctx.work / t["out"])
        if got.shape != ref.shape:
            ctx.check(f"4.1 pipeline seed {t['seed']}", False, f"shape {got.shape} vs {ref.shape}")
            continue
        M, _, _ = seed_matrix(100, 100, 45)
        d = np.abs(got.astype(np.float64) - ref.astype(np.float64))
        inner = float(d[interior(M, 100, 100, ref.shape)].mean())
        ctx.check(f"4.1 pipeline seed {t['seed']}", inner <= 1.0,
                  f"crop at {tuple(corner)} then 45 degrees: shape {ref.shape}, mean abs diff {inner:.3f} <= 1")

    # Colour changes (section 3.1) against tf.image on the same float image.
    x01 = tf.constant(xf / 255.0)
    for i, (op, v) in enumerate(color):
        if op == "brightness":
            ref = np.clip(tf.image.adjust_brightness(x01, v).numpy() * 255.0, 0, 255)
        elif op == "contrast":
            ref = np.clip(tf.image.adjust_contrast(tf.constant(xf), v).numpy(), 0, 255)
        elif op == "saturation":
            ref = np.clip(tf.image.adjust_saturation(x01, v).numpy() * 255.0, 0, 255)
        else:
            ref = np.clip(tf.image.adjust_hue(x01, v).numpy() * 255.0, 0, 255)
        if op in ("saturation", "hue"):
            # tf.image's fused AdjustSaturation/AdjustHue kernels convert to HSV internally in
            # float32; jkeras uses the RGBToHSV/HSVToRGB ops: differences of ~1e-4 grey levels.
            why = "float32 HSV round trips by different kernels"
        else:
            why = "float32 arithmetic on [0, 1] (tf.image) vs 0..255 (jkeras) values"
        ctx.close_enough(f"{op} {v}", load(ctx.work / f"color_{i}.npy"), ref, 0.1, why)
