"""Keras's reshaping layers against jkeras's, rebuilt from Keras's get_config(): Reshape (with -1),
Permute, RepeatVector, UpSampling2D (nearest by repeat; bilinear and bicubic through TF's resize
with half-pixel centres and no antialiasing, at factors (2, 2), (2, 3), (3, 2); channels first),
ZeroPadding2D and Cropping2D in their int, pair and ((top, bottom), (left, right)) forms,
Identity: the output and the input gradient of sum(y * g) (see layer_cases.py).

These layers move values or interpolate them with the same TF kernels on both sides: the outputs
and gradients are expected bit-identical; 1e-6 (relative) covers a different summation order in
the resize gradients."""
import numpy as np

from layer_cases import Run, compare

WHY = "the same TF kernels; resize gradients may sum in another order"


def run(ctx):
    from keras import layers

    rng = np.random.default_rng(21)
    img = rng.normal(size=(2, 5, 7, 3)).astype(np.float32)
    first = rng.normal(size=(2, 3, 5, 7)).astype(np.float32)
    vec = rng.normal(size=(3, 12)).astype(np.float32)
    runs = [
        Run("reshape_infer", layers.Reshape((-1, 3)), vec, why=WHY),
        Run("reshape_3d", layers.Reshape((2, 3, 2)), vec, why=WHY),
        Run("permute", layers.Permute((3, 1, 2)), img, why=WHY),
        Run("repeat_vector", layers.RepeatVector(4), vec, why=WHY),
        Run("upsample_nearest_2x3", layers.UpSampling2D((2, 3)), img, why=WHY),
        Run("upsample_bilinear_2x2", layers.UpSampling2D(interpolation="bilinear"), img, why=WHY),
        Run("upsample_bilinear_3x2", layers.UpSampling2D((3, 2), interpolation="bilinear"), img, why=WHY),
        Run("upsample_bicubic_2x3", layers.UpSampling2D((2, 3), interpolation="bicubic"), img, why=WHY),
        Run("upsample_nearest_first", layers.UpSampling2D(2, data_format="channels_first"), first, why=WHY),
        Run("upsample_bilinear_first", layers.UpSampling2D(2, data_format="channels_first", interpolation="bilinear"),
            first, why=WHY),
        Run("zero_padding_default", layers.ZeroPadding2D(), img, why=WHY),
        Run("zero_padding_int", layers.ZeroPadding2D(2), img, why=WHY),
        Run("zero_padding_pairs", layers.ZeroPadding2D(((1, 0), (2, 3))), img, why=WHY),
        Run("zero_padding_first", layers.ZeroPadding2D((1, 2), data_format="channels_first"), first, why=WHY),
        Run("cropping_int", layers.Cropping2D(1), img, why=WHY),
        Run("cropping_sym", layers.Cropping2D((2, 1)), img, why=WHY),
        Run("cropping_pairs", layers.Cropping2D(((1, 0), (2, 3))), img, why=WHY),
        Run("cropping_pairs_first", layers.Cropping2D(((0, 1), (3, 0)), data_format="channels_first"), first, why=WHY),
        Run("identity", layers.Identity(), img, why=WHY),
    ]
    compare(ctx, runs, seed=22)
