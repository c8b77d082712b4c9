"""Keras's activation layers, activation functions and Embedding against jkeras's, rebuilt from
Keras's get_config() (see layer_cases.py: output, gradients of sum(y * g) for the input and each
weight, one SGD step for the layers with weights).

- ReLU: default; max_value 6 (Keras's relu6 path); max_value 4.5 with negative_slope and threshold
  (the clip and threshold path); negative_slope alone (Keras's leaky_relu path).
- LeakyReLU (default slope 0.3, and 0.1), PReLU (random alpha; shared axes [1, 2]), ELU (alpha 1
  and 0.5), Softmax (last axis, axis 1, axes [1, 2]).
- Embedding: lookups of integer-valued float inputs (Keras casts them as jkeras does), the
  gradient and an SGD step of the table.
- Every activation function by its string identifier, through the Activation layer, on a grid of
  -7..7 by 0.25 (0, +-3 and +-6, the kinks of relu, relu6 and hard_sigmoid, included), +-30 and 0.001;
  gelu(approximate=True) through jkeras's Activations.gelu(true).
"""
import numpy as np

from layer_cases import Run, compare

ACTIVATIONS = ["relu", "relu6", "leaky_relu", "sigmoid", "hard_sigmoid", "softmax", "log_softmax", "tanh", "elu",
               "selu", "gelu", "softplus", "softsign", "silu", "swish", "hard_silu", "hard_swish", "mish", "exponential",
               "linear"]
# Elementwise float32 functions through the same TF kernels, or the same formula in TF ops: a few
# ulps, relative to the largest magnitude (exponential reaches e^30).
ACT_TOL = 1e-6
ACT_WHY = "float32 elementwise ops"


def run(ctx):
    import keras
    from keras import layers

    rng = np.random.default_rng(41)
    grid = np.concatenate([np.arange(-7, 7.25, 0.25), [-30.0, 30.0, 1e-3]]).astype(np.float32)
    grid = grid.reshape(2, -1)  # two samples of 30 values
    img = rng.normal(size=(2, 4, 5, 3)).astype(np.float32)
    vec = rng.normal(size=(4, 6)).astype(np.float32) * 3
    seq = rng.normal(size=(3, 4, 5)).astype(np.float32)
    tokens = rng.integers(0, 10, size=(4, 7)).astype(np.float32)

    runs = [
        Run("relu", layers.ReLU(), vec),
        Run("relu_max6", layers.ReLU(max_value=6.0), vec),
        Run("relu_full", layers.ReLU(max_value=4.5, negative_slope=0.1, threshold=0.5), vec),
        Run("relu_slope", layers.ReLU(negative_slope=0.2), vec),
        Run("leaky_relu_default", layers.LeakyReLU(), vec),
        Run("leaky_relu_01", layers.LeakyReLU(negative_slope=0.1), vec),
        Run("prelu", layers.PReLU(), vec, weights=[rng.uniform(0, 0.5, size=(6,)).astype(np.float32)], sgd=0.1),
        Run("prelu_shared", layers.PReLU(shared_axes=[1, 2]), img,
            weights=[rng.uniform(0, 0.5, size=(1, 1, 3)).astype(np.float32)], sgd=0.1),
        Run("elu", layers.ELU(), vec),
        Run("elu_half", layers.ELU(alpha=0.5), vec),
        Run("softmax", layers.Softmax(), vec),
        Run("softmax_axis1", layers.Softmax(axis=1), seq),
        Run("softmax_axes", layers.Softmax(axis=[1, 2]), seq),
        Run("embedding", layers.Embedding(10, 4), tokens, weights=[rng.normal(size=(10, 4)).astype(np.float32)],
            grad_x=False, sgd=0.1),
    ]
    for name in ACTIVATIONS:
        runs.append(Run(f"activation_{name}", layers.Activation(name), grid, tol=ACT_TOL, why=ACT_WHY))
    runs.append(Run("activation_gelu_approximate",
                    layers.Activation(lambda x: keras.activations.gelu(x, approximate=True)), grid,
                    java_activation="gelu_approximate", tol=ACT_TOL, why=ACT_WHY))
    compare(ctx, runs, seed=42)
