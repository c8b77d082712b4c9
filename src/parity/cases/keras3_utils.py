"""keras.utils against jkeras: to_categorical and normalize on fixed arrays; load_img (+ img_to_array)
on real photos of the shared data and on PNG/GIF files made from them (RGBA with varying alpha,
grey, palette), for each color_mode, the interpolations and keep_aspect_ratio; array_to_img/save_img.

jkeras ports Pillow's resize (the filters, 22-bit fixed-point weights, per-pass rounding, RGBA
premultiplied) and its grey conversion, and decodes JPEGs with libjpeg's accurate integer DCT as
Pillow does; the values must be equal. It also measures, for the docs, how far TF's resize without antialias (what
image_dataset_from_directory and jkeras's ImageDecoder use) is from Pillow's."""
import json

import numpy as np

from common import load, save, shared

INTERPOLATIONS = ["nearest", "bilinear", "bicubic"]


def photos():
    folder = shared() / "data" / "pets"
    cats = sorted((folder / "validation" / "cat").iterdir())[:4]
    dogs = sorted((folder / "validation" / "dog").iterdir())[:4]
    return [str(p) for p in cats + dogs]


def made_files(work, photo):
    """PNG/GIF files Pillow writes from a photo: RGBA with an alpha gradient, grey (L), palette GIF."""
    from PIL import Image
    img = Image.open(photo).convert("RGB").crop((0, 0, 160, 120))
    rgba = img.convert("RGBA")
    alpha = Image.linear_gradient("L").resize(rgba.size)
    rgba.putalpha(alpha)
    rgba.save(work / "rgba.png")
    img.convert("L").save(work / "grey.png")
    img.convert("P", palette=Image.ADAPTIVE, colors=64).save(work / "palette.gif")
    return [str(work / "rgba.png"), str(work / "grey.png"), str(work / "palette.gif")]


def run(ctx):
    import keras
    from keras.utils import img_to_array, load_img, to_categorical, normalize

    rng = np.random.default_rng(13)
    # to_categorical: a vector, a column (n, 1), a matrix; num_classes inferred and given
    cats = {
        "vector": (np.array([0, 2, 1, 2, 0], dtype=np.float32), None),
        "column": (np.array([[1], [3], [0]], dtype=np.float32), 5),
        "matrix": (np.array([[0, 1], [2, 1]], dtype=np.float32), None),
    }
    # normalize: axes -1 and 1 of a (4, 3, 5) array, orders 1, 2, 3, a zero row
    x = rng.normal(size=(4, 3, 5)).astype(np.float32)
    x[1, 2, :] = 0
    norms = {f"axis{axis}_order{order}": (axis, order) for axis in (-1, 1) for order in (1, 2, 3)}
    save(ctx.work / "norm_x.npy", x)

    jobs = []
    for i, p in enumerate(photos()):
        for interp in INTERPOLATIONS:
            jobs.append({"path": p, "target": [64, 64], "mode": "rgb", "interp": interp, "keep": False})
            jobs.append({"path": p, "target": [150, 200], "mode": "rgb", "interp": interp, "keep": True})
        jobs.append({"path": p, "target": [96, 80], "mode": "grayscale", "interp": "bilinear", "keep": False})
        jobs.append({"path": p, "target": [40, 30], "mode": "rgba", "interp": "bicubic", "keep": False})
        jobs.append({"path": p, "target": None, "mode": "rgb", "interp": "nearest", "keep": False})
    for f in made_files(ctx.work, photos()[0]):
        for mode in ("rgb", "rgba", "grayscale"):
            for interp in ("nearest", "bicubic", "lanczos", "box", "hamming"):
                jobs.append({"path": f, "target": [45, 70], "mode": mode, "interp": interp, "keep": False})
            jobs.append({"path": f, "target": [300, 256], "mode": mode, "interp": "bilinear", "keep": False})
    keras_imgs = []
    for j in jobs:
        img = load_img(j["path"], color_mode=j["mode"], target_size=tuple(j["target"]) if j["target"] else None,
                       interpolation=j["interp"], keep_aspect_ratio=j["keep"])
        keras_imgs.append(img_to_array(img))
    # array_to_img / save_img of a float array (scaled to 0..255 and truncated by default)
    arr = (rng.normal(size=(10, 12, 3)) * 40 + 20).astype(np.float32)
    save(ctx.work / "to_save.npy", arr)
    keras.utils.save_img(str(ctx.work / "keras_saved.png"), arr)
    keras.utils.save_img(str(ctx.work / "keras_saved_noscale.png"), np.clip(arr, 0, 255), scale=False)
    (ctx.work / "spec.json").write_text(json.dumps({
        "categorical": {k: {"num_classes": n} for k, (a, n) in cats.items()},
        "normalize": {k: list(v) for k, v in norms.items()}, "images": jobs}))
    for k, (a, n) in cats.items():
        save(ctx.work / f"cat_{k}.npy", a)

    ctx.java_json("org.jkeras.parity.Keras3Utils")

    for k, (a, n) in cats.items():
        expected = to_categorical(a, num_classes=n)
        got = load(ctx.work / f"java_cat_{k}.npy")
        ctx.check(f"to_categorical/{k}", got.shape == expected.shape and np.array_equal(got, expected),
                  f"shape {got.shape} vs {expected.shape}, values equal")
    for k, (axis, order) in norms.items():
        expected = normalize(x, axis=axis, order=order) if axis != 0 else None
        got = load(ctx.work / f"java_norm_{k}.npy")
        rel = float(np.max(np.abs(got - expected)))
        # numpy sums the norm in float32, jkeras in double: an ulp or two of the result.
        ctx.check(f"normalize/{k}", rel <= 1e-6, f"max abs diff {rel:.3g} <= 1e-6 (values in [-1, 1])")

    # Pixels: the decoders differ for JPEG (a handful of values), nothing else may.
    stats = {}
    for i, (j, k) in enumerate(zip(jobs, keras_imgs)):
        got = load(ctx.work / f"java_img_{i}.npy")
        name = (f"{j['path'].rsplit('/', 1)[-1]} {j['mode']} {j['interp']} target={j['target']}"
                f"{' keep_aspect_ratio' if j['keep'] else ''}")
        if got.shape != k.shape:
            ctx.check(f"load_img/{name}/shape", False, f"jkeras {got.shape} vs Keras {k.shape}")
            continue
        d = np.abs(got - k)
        jpeg = j["path"].endswith(".jpg")
        key = ("jpeg " if jpeg else "png/gif ") + j["interp"] + ("" if j["target"] else " (own size)")
        s = stats.setdefault(key, {"max": 0.0, "equal": 0, "n": 0})
        s["max"] = max(s["max"], float(d.max()))
        s["equal"] += int(np.sum(d == 0))
        s["n"] += d.size
        if not jpeg:
            ctx.check(f"load_img/{name}", d.max() == 0, f"max abs diff {d.max():g} (Pillow's algorithm, lossless file)")
    for key, s in sorted(stats.items()):
        # Integers from the same algorithms: exact (observed 0 on every value).
        frac = s["equal"] / s["n"]
        ctx.check(f"load_img/{key}: jkeras vs Keras, all jobs", s["max"] == 0,
                  f"max abs diff {s['max']:g}, {100 * frac:.2f}% of {s['n']} values equal")
    tf_stats = {}
    for i, (j, k) in enumerate(zip(jobs, keras_imgs)):
        f = ctx.work / f"java_tf_{i}.npy"
        if f.exists():
            d = np.abs(np.round(load(f)) - k)
            tf_stats.setdefault(f"TF resize, {j['interp']} to {j['target'][0]}x{j['target'][1]},", []).append(d)
        f = ctx.work / f"java_fast_{i}.npy"
        if f.exists():
            tf_stats.setdefault("TF decode_image (fast DCT), own size,", []).append(np.abs(load(f) - k))
    for key, ds in sorted(tf_stats.items()):
        d = np.concatenate([x.ravel() for x in ds])
        # Informational (for docs/keras-api.md): TF's resize without antialias (what
        # image_dataset_from_directory and jkeras's ImageDecoder use) against Pillow's.
        ctx.check(f"measure/{key} vs Pillow (load_img)", True,
                  f"max abs diff {d.max():g}, {100 * np.mean(d == 0):.1f}% equal, mean abs diff {d.mean():.2f}")

    from keras.utils import load_img as li
    for name in ("saved", "saved_noscale"):
        k = img_to_array(li(str(ctx.work / f"keras_{name}.png")))
        j = img_to_array(li(str(ctx.work / f"java_{name}.png")))
        ctx.check(f"save_img/{name}", np.array_equal(j, k), f"max abs diff {np.max(np.abs(j - k)):g}")
