#!/usr/bin/env python3
"""Writes a Keras VGG16 base (include_top=False) in every form jkeras reads, with real Keras.

    python models/make_vgg16.py                      # weights=None, seed 42 (no internet needed)
    python models/make_vgg16.py --weights imagenet   # Keras downloads its ImageNet file (internet)

Files written to --out (default: models/ beside this script), TAG being `seed42` or `imagenet`:

  vgg16_notop_TAG.h5            Keras's own weight-file layout, the one of
                                vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5: root attribute
                                `layer_names`, one group per layer with attribute `weight_names`,
                                datasets `block1_conv1/block1_conv1_W_1:0` and `..._b_1:0`. Checked by
                                loading it back with `keras.applications.VGG16(weights=FILE)`.
  vgg16_notop_TAG.weights.h5    Keras 3's `model.save_weights` format.
  vgg16_notop_TAG_savedmodel/   `model.export(DIR)`: a TF SavedModel (signatures `serve` and
                                `serving_default`), variables named `block1_conv1/kernel`...
  vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5
                                with --weights imagenet only: Keras's real ImageNet file, copied from
                                Keras's cache (~/.keras/models/); `VGG16("imagenet", ...)` in jkeras
                                looks for exactly this file in models/.

A seeded file never takes the ImageNet file's name: jkeras would refuse it anyway (its md5 differs
from Keras's), but the names keep the two apart for people too.
"""
import argparse
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

IMAGENET_NOTOP = "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"


def build(weights, seed, input_shape):
    """keras.applications.VGG16 without its top; `weights` None (seeded random) or 'imagenet'."""
    import keras

    keras.utils.set_random_seed(seed)
    return keras.applications.VGG16(weights=weights, include_top=False, input_shape=input_shape)


def write_legacy_h5(model, path):
    """The layout of Keras's ImageNet files (written by Keras 2 with the TF backend).

    Layer order and names are the model's; weight names follow the original files
    (`block1_conv1_W_1:0` for the kernel, `block1_conv1_b_1:0` for the bias); layers without
    weights (the input, the pools) have an empty `weight_names`.
    """
    import h5py
    import numpy as np

    tmp = Path(str(path) + ".tmp")
    with h5py.File(tmp, "w") as f:
        f.attrs["layer_names"] = np.array([l.name.encode("utf8") for l in model.layers])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for layer in model.layers:
            g = f.create_group(layer.name)
            values = layer.get_weights()
            suffixes = ["W", "b"][: len(values)]
            names = [f"{layer.name}_{s}_1:0".encode("utf8") for s in suffixes]
            g.attrs["weight_names"] = np.array(names) if names else np.array([], dtype="S1")
            for name, value in zip(names, values):
                g.create_dataset(name.decode("utf8"), data=value.astype(np.float32))
    os.replace(tmp, path)


def write_all(out, weights=None, seed=42, input_shape=(224, 224, 3), log=print):
    """Writes the files listed in the module docstring; returns {kind: path}."""
    import keras
    import numpy as np

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tag = "imagenet" if weights == "imagenet" else f"seed{seed}"
    model = build(weights, seed, input_shape)
    paths = {}

    h5 = out / f"vgg16_notop_{tag}.h5"
    write_legacy_h5(model, h5)
    # Proof that the layout is Keras's: Keras loads it back into a fresh VGG16, value for value.
    check = keras.applications.VGG16(weights=str(h5), include_top=False, input_shape=input_shape)
    for a, b in zip(model.get_weights(), check.get_weights()):
        if not np.array_equal(a, b):
            raise SystemExit(f"{h5}: Keras did not load back the weights written")
    paths["legacy_h5"] = h5

    wh5 = out / f"vgg16_notop_{tag}.weights.h5"
    model.save_weights(str(wh5))
    paths["weights_h5"] = wh5

    sm = out / f"vgg16_notop_{tag}_savedmodel"
    if sm.exists():
        shutil.rmtree(sm)
    model.export(str(sm), verbose=False)
    paths["savedmodel"] = sm

    if weights == "imagenet":
        from keras.src.applications import vgg16

        # Already in Keras's cache since build() downloaded it; get_file checks its md5.
        cached = keras.utils.get_file(IMAGENET_NOTOP, vgg16.WEIGHTS_PATH_NO_TOP, cache_subdir="models",
                                      file_hash="6d6bbae143d832006294945121d1f1fc")
        shutil.copyfile(cached, out / IMAGENET_NOTOP)
        paths["imagenet"] = out / IMAGENET_NOTOP
    for kind, p in paths.items():
        log(f"{kind:12s} {p}")
    return paths


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--weights", choices=["none", "imagenet"], default="none",
                    help="none: Keras's weights=None with --seed (default); imagenet: Keras downloads its file")
    ap.add_argument("--seed", type=int, default=42, help="keras.utils.set_random_seed for weights=None (default 42)")
    ap.add_argument("--input-shape", default="224,224,3", help="H,W,C of the base (default 224,224,3, as the seed)")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent), help="output folder (default: models/)")
    a = ap.parse_args(argv)
    shape = tuple(int(v) for v in a.input_shape.split(","))
    write_all(a.out, None if a.weights == "none" else "imagenet", a.seed, shape)


if __name__ == "__main__":
    main(sys.argv[1:])
