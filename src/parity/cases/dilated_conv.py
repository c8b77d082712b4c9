"""Dilated Conv2D against Keras: the forward pass and the gradients of a loss with respect to the
input, the kernel and the bias, for padding "valid" and "same" and dilation rates 2 and (2, 3).

TF's C++ gradient of the Conv2D op (the one graph gradients use) ignores its `dilations`: with
padding "same" the kernel gradient was wrong, with "valid" oneDNN's backward kernel killed the JVM.
Keras (through `tf.nn.convolution`) computes a dilated convolution with SpaceToBatchND, a plain
Conv2D and BatchToSpaceND; jkeras must give the same values and gradients. The loss is
sum(y * g) for a fixed random g, so each gradient is a full backward pass of g.
"""
import json

import numpy as np

from common import load, save

RUNS = [
    ("valid", (2, 2)),
    ("valid", (2, 3)),
    ("same", (2, 2)),
    ("same", (2, 3)),
]
# float32 sums of a few hundred products of O(1) values, computed by differently fused kernels:
# errors of ~1e-6 relative to the largest value; the kernel gradient sums over batch*h*w terms.
REL = 1e-5
WHY = "float32 sums, relative to the largest magnitude"


def run(ctx):
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(12)
    spec = []
    reference = {}
    for k, (padding, rate) in enumerate(RUNS):
        name = f"{padding}_{rate[0]}x{rate[1]}"
        layer = keras.layers.Conv2D(4, (3, 3), padding=padding, dilation_rate=rate)
        x = rng.random((2, 11, 13, 3), dtype=np.float32)
        layer.build(x.shape)
        kernel = rng.normal(size=(3, 3, 3, 4)).astype(np.float32)
        bias = rng.normal(size=(4,)).astype(np.float32)
        layer.set_weights([kernel, bias])
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            y = layer(xt)
            g = tf.constant(rng.normal(size=y.shape).astype(np.float32))
            loss = tf.reduce_sum(y * g)
        gx, gk, gb = tape.gradient(loss, [xt, layer.kernel, layer.bias])
        for part, value in (("x", x), ("kernel", kernel), ("bias", bias), ("g", g)):
            save(ctx.work / f"{name}_{part}.npy", value)
        spec.append({"name": name, "padding": padding, "dilation_rate": list(rate)})
        reference[name] = {"y": y.numpy(), "grad_x": gx.numpy(), "grad_kernel": gk.numpy(), "grad_bias": gb.numpy()}
    (ctx.work / "spec.json").write_text(json.dumps(spec))

    ctx.java_json("org.jkeras.parity.DilatedConv", timeout=600)
    for name, ref in reference.items():
        for part, keras_value in ref.items():
            atol = REL * max(1.0, float(np.max(np.abs(keras_value))))
            ctx.close_enough(f"{name}/{part}", load(ctx.work / f"{name}_jkeras_{part}.npy"), keras_value, atol, WHY)
