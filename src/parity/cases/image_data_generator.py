"""Keras's legacy ImageDataGenerator against jkeras's.

- apply_transform with fixed parameters (rotation, shifts, shear, zoom, flips, channel shift,
  brightness, and all at once) in every fill mode, on real photos (a square and a non-square one,
  loaded with Keras's load_img) and a generated image: Keras calls scipy.ndimage.affine_transform
  (order 1) and Pillow's ImageEnhance.Brightness; jkeras one TF graph.
- flow_from_directory with shuffle=False: the files (Keras's `filenames`), labels (`classes`),
  `class_indices`, the "Found N images belonging to K classes." line and the counts with
  validation_split, on the pets folder and on a generated folder with Keras's listing corner cases
  (nested sub-folders, a hidden class folder, upper-case and extension-less names, a GIF it ignores);
  then the pixels of the validation subset, without augmentation (Pillow's decoding and nearest resize),
  and of a batch with each Pillow filter (`interpolation`), `keep_aspect_ratio` and grayscale.
- fit (featurewise centre and std after rescale), the statistics and standardize; samplewise.
- flow_from_dataframe from a CSV file; flow(x, y) with a subset.
"""
import json
import os

import numpy as np

from common import load, save, shared

# (name, parameters): Keras's dictionary as get_random_transform returns it.
TRANSFORMS = [
    ("rotation", {"theta": 20.0}),
    ("rotation_45", {"theta": -45.0}),
    ("shift", {"tx": 7.5, "ty": -4.25}),
    ("shear", {"shear": 15.0}),
    ("zoom", {"zx": 0.8, "zy": 1.25}),
    ("flips", {"flip_horizontal": True, "flip_vertical": True}),
    ("channel_shift", {"channel_shift_intensity": 30.0}),
    ("brightness_dark", {"brightness": 0.7}),
    ("brightness_bright", {"brightness": 1.3}),
    ("all", {"theta": 12.0, "tx": -3.0, "ty": 5.5, "shear": 8.0, "zx": 1.1, "zy": 0.9, "flip_horizontal": True,
             "flip_vertical": False, "channel_shift_intensity": -20.0, "brightness": 1.2}),
]
# flow_from_directory's loading options checked pixel for pixel (name, keyword arguments).
LOAD_OPTIONS = [
    ("bilinear", {"interpolation": "bilinear"}),
    ("bicubic", {"interpolation": "bicubic"}),
    ("hamming", {"interpolation": "hamming"}),
    ("box", {"interpolation": "box"}),
    ("lanczos", {"interpolation": "lanczos"}),
    ("keep_aspect_ratio", {"keep_aspect_ratio": True}),
    ("grayscale", {"color_mode": "grayscale", "interpolation": "bilinear"}),
]
FILL_MODES = [("nearest", 0.0), ("constant", 37.0), ("reflect", 0.0), ("wrap", 0.0)]


def images(ctx):
    from keras.src.legacy.preprocessing.image import ImageDataGenerator  # noqa: F401 (import check)
    from keras.utils import img_to_array, load_img

    pets = shared() / "data" / "pets" / "train"
    square = img_to_array(load_img(pets / "cat" / "Abyssinian_1.jpg", target_size=(48, 48)))
    wide = img_to_array(load_img(pets / "dog" / sorted(os.listdir(pets / "dog"))[0], target_size=(40, 56)))
    yy, xx = np.mgrid[0:36, 0:44]
    generated = np.stack([xx * 5.0, yy * 7.0, (xx * yy) % 251], axis=-1).astype(np.float32)
    return {"square": square, "wide": wide, "generated": generated}


def check_transforms(ctx):
    from keras.src.legacy.preprocessing.image import ImageDataGenerator

    imgs = images(ctx)
    cases = []
    expected = {}
    for iname, img in imgs.items():
        save(ctx.work / f"img_{iname}.npy", img)
        for mode, cval in FILL_MODES:
            gen = ImageDataGenerator(fill_mode=mode, cval=cval)
            for tname, params in TRANSFORMS:
                key = f"{iname}_{mode}_{tname}"
                expected[key] = gen.apply_transform(img.copy(), params)
                cases.append({"key": key, "image": iname, "fill_mode": mode, "cval": cval, "params": params})
    (ctx.work / "transforms.json").write_text(json.dumps(cases))
    ctx.java_json("org.jkeras.parity.ImageDataGeneratorCase", "transforms")
    worst_inner, worst_all = 0.0, 0.0
    for c in cases:
        got = load(ctx.work / f"out_{c['key']}.npy").astype(np.float64)
        want = expected[c["key"]].astype(np.float64)
        if got.shape != want.shape:
            ctx.check(f"transform {c['key']} shape", False, f"{got.shape} vs {want.shape}")
            continue
        diff = np.abs(got - want)
        worst_all = max(worst_all, float(diff.max()))
        worst_inner = max(worst_inner, float(diff[1:-1, 1:-1].max()))
    n = len(cases)
    ctx.check("apply_transform away from the borders", worst_inner <= 1.0,
              f"{n} transforms (10 parameter sets x 4 fill modes x 3 images): max abs diff {worst_inner:.3g} <= 1 grey level"
              " without the outer pixel frame (SciPy positions in float64 on both sides; brightness truncates to 8 bits as"
              " Pillow does)")
    ctx.check("apply_transform everywhere", worst_all <= 1.0, f"max abs diff {worst_all:.3g} including the borders")


def make_folder(root):
    """A folder with Keras's listing corner cases; PNGs (decoded alike by Pillow and TF)."""
    from PIL import Image

    rng = np.random.default_rng(7)

    def png(path, h=20, w=30):
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).save(path, format="PNG")

    for name in ["b.png", "a.png", "C.PNG", "z/deep.png", "y-1/x.png", "a1.png"]:
        png(root / "ant" / name)
    for name in ["10.png", "9.png", "m/n/o.png", "img_png"]:
        png(root / "bee" / name, 24, 18)
    png(root / ".hidden" / "h.png")
    png(root / "bee" / "skip.gif")  # not in flow_from_directory's white list
    return root


def check_directory(ctx):
    import contextlib
    import io

    from keras.src.legacy.preprocessing.image import ImageDataGenerator

    folders = {"pets": shared() / "data" / "pets" / "train", "generated": make_folder(ctx.work / "gen")}
    expected = {}
    for fname, folder in folders.items():
        for split, subset in [(0.0, None), (0.2, "training"), (0.2, "validation")]:
            gen = ImageDataGenerator(validation_split=split)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                it = gen.flow_from_directory(folder, target_size=(32, 40), class_mode="binary" if fname == "pets" else "sparse",
                                             batch_size=8, shuffle=False, subset=subset)
            key = f"{fname}_{subset}"
            expected[key] = {"found": out.getvalue().strip(), "filenames": it.filenames, "classes": it.classes.tolist(),
                             "class_indices": it.class_indices, "samples": it.samples}
            if fname == "pets" and subset == "validation":
                batches = [it[i] for i in range(len(it))]
                save(ctx.work / "keras_batch_x.npy", np.concatenate([b[0] for b in batches]))
                save(ctx.work / "keras_batch_y.npy", np.concatenate([b[1] for b in batches]))
    args = [str(folders["pets"]), str(folders["generated"])]
    got = ctx.java_json("org.jkeras.parity.ImageDataGeneratorCase", "directory", *args)
    for key, want in expected.items():
        mine = got[key]
        ctx.equal(f"{key} Found line", mine["found"], want["found"])
        ctx.equal(f"{key} filenames", mine["filenames"], want["filenames"])
        ctx.equal(f"{key} classes", mine["classes"], want["classes"])
        ctx.equal(f"{key} class_indices", mine["class_indices"], want["class_indices"])
        ctx.equal(f"{key} samples", mine["samples"], want["samples"])
    kx, ky = load(ctx.work / "keras_batch_x.npy"), load(ctx.work / "keras_batch_y.npy")
    jx, jy = load(ctx.work / "java_batch_x.npy"), load(ctx.work / "java_batch_y.npy")
    ctx.equal("validation subset labels", jy.ravel().tolist(), ky.ravel().tolist())
    ctx.close_enough("validation subset pixels (load_img, nearest resize to 32x40)", jx, kx, 0,
                     "exact: JPEGs decoded with libjpeg's accurate integer DCT as Pillow decodes them, and Pillow's NEAREST"
                     " source pixels (a running sum of the step in double precision)")
    # The loading options: each Pillow filter, keep_aspect_ratio and grayscale, on the first 8 pets (a batch).
    for name, kwargs in LOAD_OPTIONS:
        with contextlib.redirect_stdout(io.StringIO()):
            it = ImageDataGenerator().flow_from_directory(folders["pets"], target_size=(30, 44), class_mode=None,
                                                          batch_size=8, shuffle=False, **kwargs)
        want = it[0]
        got = load(ctx.work / f"java_load_{name}.npy")
        ctx.close_enough(f"pixels with {name}", got, want, 0, "exact: Pillow's filters and grey conversion ported")


def check_fit(ctx):
    from keras.src.legacy.preprocessing.image import ImageDataGenerator

    rng = np.random.default_rng(3)
    x = (rng.random((6, 12, 10, 3), dtype=np.float32) * 255).astype(np.float32)
    x[..., 1] *= 0.5
    save(ctx.work / "fit_x.npy", x)
    gen = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True, rescale=1 / 255.0)
    gen.fit(x)
    want = gen.standardize(x[0].copy())
    sgen = ImageDataGenerator(samplewise_center=True, samplewise_std_normalization=True, rescale=1 / 255.0)
    swant = sgen.standardize(x[1].copy())
    got = ctx.java_json("org.jkeras.parity.ImageDataGeneratorCase", "fit")
    ctx.close_enough("fit mean", np.array(got["mean"]), gen.mean.ravel(), 1e-6, "float32 statistics, accumulated in double")
    ctx.close_enough("fit std", np.array(got["std"]), gen.std.ravel(), 1e-6, "float32 statistics, accumulated in double")
    ctx.close_enough("featurewise standardize", load(ctx.work / "fit_standardized.npy"), want, 1e-5, "float32 arithmetic")
    ctx.close_enough("samplewise standardize", load(ctx.work / "samplewise_standardized.npy"), swant, 1e-5,
                     "float32 arithmetic")


def check_dataframe(ctx):
    import contextlib
    import io

    import pandas as pd
    from keras.src.legacy.preprocessing.image import ImageDataGenerator

    pets = shared() / "data" / "pets" / "train"
    rows = []
    for cls in ["dog", "cat"]:
        for f in sorted(os.listdir(pets / cls))[:7]:
            rows.append({"filename": f"{cls}/{f}", "class": cls})
    rows.append({"filename": "cat/missing.jpg", "class": "cat"})
    rows.append({"filename": "cat/notes.txt", "class": "dog"})
    csv = ctx.work / "table.csv"
    pd.DataFrame(rows).to_csv(csv, index=False)
    gen = ImageDataGenerator(validation_split=0.25)
    expected = {}
    for subset in ["training", "validation"]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            it = gen.flow_from_dataframe(pd.read_csv(csv), directory=str(pets), target_size=(16, 16), class_mode="binary",
                                         shuffle=False, subset=subset)
        expected[subset] = {"found": out.getvalue().strip(), "filenames": it.filenames, "classes": list(map(int, it.classes)),
                            "class_indices": it.class_indices}
    got = ctx.java_json("org.jkeras.parity.ImageDataGeneratorCase", "dataframe", csv, pets)
    for subset, want in expected.items():
        for k in want:
            ctx.equal(f"dataframe {subset} {k}", got[subset][k], want[k])

    # flow(x, y): the subsets of the rows, rescaled, in order.
    x = load(ctx.work / "fit_x.npy")
    y = (np.arange(len(x)) % 2).astype(np.float32)
    it = ImageDataGenerator(rescale=0.5, validation_split=0.5).flow(x, y, batch_size=4, shuffle=False, subset="training")
    bx, by = it[0]
    ctx.close_enough("flow training batch x", load(ctx.work / "flow_x.npy"), bx, 1e-6, "float32 multiply")
    ctx.equal("flow training batch y", load(ctx.work / "flow_y.npy").ravel().tolist(), by.ravel().tolist())


def run(ctx):
    check_transforms(ctx)
    check_directory(ctx)
    check_fit(ctx)
    check_dataframe(ctx)
