"""The layers the Keras applications add, against Keras's, rebuilt from Keras's get_config() (see
layer_cases.py: the output at inference and the gradients of sum(y * g) for the input):

- Normalization: given scalar statistics; given per-channel statistics on images; adapted (its
  mean, variance and count weights come from Keras's adapt, as EfficientNet's come from its
  weights file), with invert; axis=None; two kept axes (1, 3).
- Rescaling with one scale per channel (EfficientNet's stem with ImageNet weights).
- Dropout with noise_shape=(None, 1, 1, 1) (EfficientNet's drop-connect): the identity at
  inference, and in training a seeded layer's first draw is Keras's (the same stateless seed
  [seed, 0] and uniform op drawn at the noise shape), whole samples kept (scaled) or dropped.

None of these layers has a trainable weight, so the generic one-SGD-step check (which asserts
that each weight moves) does not apply; their gradients for the input are compared instead.
"""
import numpy as np

from layer_cases import Run, compare

WHY = "float32 subtract, sqrt, divide: the same TF ops on both sides"


def run(ctx):
    import warnings

    from keras import layers

    warnings.filterwarnings("ignore", message="The model does not have any trainable weights")
    rng = np.random.default_rng(41)
    img = rng.normal(100.0, 50.0, size=(3, 5, 6, 3)).astype(np.float32)
    vec = rng.normal(size=(6, 4)).astype(np.float32)

    def adapted(layer, data):
        layer.adapt(data)
        return layer

    runs = [
        Run("normalization_scalar", layers.Normalization(mean=3.0, variance=2.0), vec, why=WHY),
        Run("normalization_channels", layers.Normalization(mean=[120.0, 110.0, 90.0], variance=[400.0, 900.0, 2500.0]),
            img, why=WHY),
        Run("normalization_adapted", adapted(layers.Normalization(), img), img, why=WHY),
        Run("normalization_adapted_invert", adapted(layers.Normalization(invert=True), vec), vec, why=WHY),
        Run("normalization_axis_none", adapted(layers.Normalization(axis=None), vec), vec, why=WHY),
        Run("normalization_axes_1_3", adapted(layers.Normalization(axis=(1, 3)), img), img, why=WHY),
        Run("rescaling_per_channel", layers.Rescaling([1 / np.sqrt(0.229), 1 / np.sqrt(0.224), 1 / np.sqrt(0.225)]), img,
            why=WHY),
        Run("dropout_noise_shape", layers.Dropout(0.4, noise_shape=(None, 1, 1, 1), seed=3),
            np.ones((40, 2, 3, 4), np.float32), training_output=True, why=WHY),
    ]
    reference, _ = compare(ctx, runs, seed=42)

    keras_y = reference["dropout_noise_shape"]["training_y"]
    java_y = np.load(ctx.work / "dropout_noise_shape_training_jkeras_y.npy")
    ctx.close_enough("dropout_noise_shape/the first seeded draw is Keras's", java_y, keras_y, 1e-6,
                     "the same stateless seed [seed, 0] and uniform op at the noise shape; float32")
    for side, y in {"Keras": keras_y, "jkeras": java_y}.items():
        per_sample = y.reshape(40, -1)
        whole = bool(np.all(per_sample == per_sample[:, :1]))
        values = np.unique(per_sample[:, 0])
        scaled = bool(np.all(np.isclose(values, 0.0) | np.isclose(values, 1 / 0.6, rtol=1e-6)))
        ctx.check(f"dropout_noise_shape/{side} keeps (x 1/(1 - rate)) or drops whole samples", whole and scaled,
                  f"values {values.tolist()}")
