"""Keras's image_dataset_from_directory against jkeras's imageDatasetFromDirectory on real JPEGs.

shared/data/pets/validation (63 JPEGs of many sizes), decoded and resized to 64x64 (bilinear, the
default), no shuffle, binary labels: the same file order, labels and pixels. This is the input
pipeline of the seed's training and of the pets benchmark.
"""
import numpy as np

from common import load, shared

SIZE = 64


def run(ctx):
    import keras

    folder = shared() / "data" / "pets" / "validation"
    ds = keras.utils.image_dataset_from_directory(folder, image_size=(SIZE, SIZE), shuffle=False,
                                                  label_mode="binary", verbose=False)
    x = np.concatenate([x for x, _ in ds]).astype(np.float32)
    y = np.concatenate([y for _, y in ds]).astype(np.float32)

    ctx.java_json("org.jkeras.parity.ImagePipeline", folder, SIZE)
    ctx.equal("labels", load(ctx.work / "y.npy").ravel().tolist(), y.ravel().tolist())
    # Both sides decode with TF's DecodeJpeg and resize with its bilinear kernel (half-pixel centres,
    # no antialiasing): the same bytes in, the same floats out, in 0..255.
    ctx.close_enough("pixels", load(ctx.work / "x.npy"), x, 1e-3, "same TF kernels; float32 in 0..255")
