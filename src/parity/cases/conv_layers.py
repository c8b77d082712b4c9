"""The convolution and pooling layers of issue 13 against Keras: for each sub-case a Sequential model
(the layer, or a small convolution before a pooling layer, which has no weights of its own) built
with real Keras, rebuilt in jkeras from Keras's serialized model (so class names, arguments and
defaults must match), its weights moved through Keras's `.weights.h5` (so weight names, order and
shapes must match). Compared: the forward pass (predict), the loss of one SGD step (learning rate
0.1, mean squared error, regularisation penalties included) and every weight after it, read back by
Keras from the weights file jkeras wrote.

Covered: Conv1D (valid, causal + dilation + groups, same + strides, channels_first), Conv2D (groups,
channels_first + dilation), Conv3D (valid, same + strides, dilation, channels_first), DepthwiseConv2D
(depth_multiplier, strides, dilation, strides with dilation, channels_first, depthwise regularizer),
SeparableConv2D (depth_multiplier, strides, dilation, relu6, channels_first, regularizers),
Conv2DTranspose (valid, same + strides, output_padding, dilation, channels_first), MaxPooling1D,
AveragePooling1D, MaxPooling2D and AveragePooling2D channels_first, GlobalMaxPooling2D (keepdims,
channels_first), GlobalAveragePooling1D, GlobalMaxPooling1D.
"""
import json

import numpy as np

from common import load, save

# float32 sums of tens to hundreds of products, computed by different kernels (oneDNN, Eigen, and
# XLA where Keras's TF backend compiles grouped or channels-first 3D convolutions): differences of
# ~1e-6 relative to the largest value. Weights after the step differ by the learning rate times the
# gradients' differences, which sum over the batch and every output position.
REL = 1e-5
WHY = "float32 sums in another order, relative to the largest magnitude"


def cases(keras):
    L = keras.layers
    R = keras.regularizers
    return [
        ("conv1d", (10, 3), [L.Conv1D(4, 3)]),
        ("conv1d_causal_dilated_groups", (12, 4), [L.Conv1D(6, 3, padding="causal", dilation_rate=2, groups=2,
                                                            activation="tanh")]),
        ("conv1d_same_strided", (11, 3), [L.Conv1D(4, 5, strides=2, padding="same")]),
        ("conv1d_channels_first", (3, 10), [L.Conv1D(4, 3, data_format="channels_first")]),
        ("conv2d_groups", (7, 7, 6), [L.Conv2D(6, 3, groups=3, padding="same")]),
        ("conv2d_channels_first_dilated", (3, 9, 10), [L.Conv2D(4, 3, dilation_rate=2, data_format="channels_first")]),
        ("conv3d", (5, 6, 5, 2), [L.Conv3D(3, 3)]),
        ("conv3d_same_strided", (5, 6, 7, 2), [L.Conv3D(3, (3, 2, 3), strides=(2, 1, 2), padding="same")]),
        ("conv3d_dilated", (6, 7, 7, 2), [L.Conv3D(3, 3, dilation_rate=(1, 2, 2), padding="same")]),
        # Not (2, 5, 5, 5): with an output of (3, 3, 3, 3) Keras 3.15.1 on TF 2.18's CPU adds the bias of a
        # channels-first Conv3D on the last axis instead of axis 1 (whenever the last spatial size equals
        # `filters`), while its convolution is right: a Keras/TF defect, not a reference.
        ("conv3d_channels_first", (2, 5, 6, 7), [L.Conv3D(3, 3, data_format="channels_first")]),
        ("depthwise", (8, 8, 3), [L.DepthwiseConv2D(3)]),
        ("depthwise_x2_same_strided", (9, 9, 3), [L.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2)]),
        ("depthwise_dilated", (9, 10, 3), [L.DepthwiseConv2D(3, dilation_rate=2, padding="same")]),
        ("depthwise_strided_dilated", (10, 9, 3), [L.DepthwiseConv2D(3, strides=2, dilation_rate=2, padding="same",
                                                                     depthwise_regularizer=R.L2(0.01))]),
        ("depthwise_channels_first", (3, 8, 8), [L.DepthwiseConv2D((3, 2), data_format="channels_first")]),
        ("separable", (8, 8, 3), [L.SeparableConv2D(5, 3)]),
        ("separable_x2_same_strided_relu6", (9, 9, 3), [L.SeparableConv2D(4, 3, strides=2, padding="same",
                                                                          depth_multiplier=2, activation="relu6")]),
        ("separable_dilated_regularized", (9, 9, 3), [L.SeparableConv2D(4, 3, dilation_rate=2,
                                                                        depthwise_regularizer=R.L2(0.01),
                                                                        pointwise_regularizer=R.L1(0.01),
                                                                        bias_regularizer=R.L2(0.1))]),
        ("separable_channels_first", (3, 8, 8), [L.SeparableConv2D(4, 3, data_format="channels_first")]),
        ("transpose", (5, 5, 3), [L.Conv2DTranspose(4, 3)]),
        ("transpose_same_strided", (5, 6, 3), [L.Conv2DTranspose(4, 3, strides=2, padding="same")]),
        ("transpose_output_padding", (5, 6, 3), [L.Conv2DTranspose(4, 3, strides=2, output_padding=1)]),
        ("transpose_same_output_padding", (4, 5, 3), [L.Conv2DTranspose(3, (3, 3), strides=(2, 3), padding="same",
                                                                        output_padding=(1, 0))]),
        ("transpose_dilated", (5, 6, 3), [L.Conv2DTranspose(4, 3, dilation_rate=(2, 3))]),
        ("transpose_dilated_same", (5, 6, 3), [L.Conv2DTranspose(4, 3, dilation_rate=2, padding="same")]),
        ("transpose_channels_first", (3, 5, 6), [L.Conv2DTranspose(4, 3, strides=2, padding="same",
                                                                   data_format="channels_first")]),
        ("max_pooling1d", (9, 2), [L.Conv1D(3, 2), L.MaxPooling1D()]),
        ("max_pooling1d_same_channels_first", (2, 9), [L.Conv1D(3, 2, data_format="channels_first"),
                                                       L.MaxPooling1D(3, strides=2, padding="same",
                                                                      data_format="channels_first")]),
        ("average_pooling1d_same", (9, 2), [L.Conv1D(3, 2), L.AveragePooling1D(3, strides=1, padding="same")]),
        ("pooling2d_channels_first", (2, 8, 9), [L.Conv2D(3, 2, data_format="channels_first"),
                                                 L.MaxPooling2D(2, data_format="channels_first"),
                                                 L.AveragePooling2D(2, strides=1, padding="same",
                                                                    data_format="channels_first")]),
        ("global_max_pooling2d", (6, 7, 2), [L.Conv2D(3, 2), L.GlobalMaxPooling2D()]),
        ("global_max_pooling2d_keepdims_channels_first", (2, 6, 7), [
            L.Conv2D(3, 2, data_format="channels_first"),
            L.GlobalMaxPooling2D(keepdims=True, data_format="channels_first")]),
        ("global_average_pooling1d", (9, 2), [L.Conv1D(3, 2), L.GlobalAveragePooling1D()]),
        ("global_max_pooling1d_keepdims", (9, 2), [L.Conv1D(3, 2), L.GlobalMaxPooling1D(keepdims=True)]),
    ]


def run(ctx):
    import keras

    rng = np.random.default_rng(13)
    batch = 4
    spec, reference = [], {}
    for name, shape, layers in cases(keras):
        # Flatten last: jkeras's losses reduce (batch, n) outputs as Keras does; for outputs of higher
        # rank jkeras's reduction differs (the losses' part of issue 13), which is not this case's subject.
        model = keras.Sequential([keras.Input(shape), *layers, keras.layers.Flatten()], name=name)
        model.set_weights([rng.normal(0, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])
        x = rng.normal(size=(batch, *shape)).astype(np.float32)
        y = rng.normal(size=(batch, *model.output_shape[1:])).astype(np.float32)
        save(ctx.work / f"{name}_x.npy", x)
        save(ctx.work / f"{name}_y.npy", y)
        model.save_weights(ctx.work / f"{name}_initial.weights.h5")
        pred = model.predict(x, batch_size=batch, verbose=0)
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mean_squared_error")
        loss = model.fit(x, y, batch_size=batch, epochs=1, shuffle=False, verbose=0).history["loss"][0]
        spec.append({"name": name, "model": keras.saving.serialize_keras_object(model)})
        reference[name] = (model, pred, loss, model.get_weights())
    (ctx.work / "spec.json").write_text(json.dumps(spec))

    out = ctx.java_json("org.jkeras.parity.ConvLayers", timeout=900)
    for name, (model, pred, loss, weights) in reference.items():
        ctx.equal(f"{name}/weight_shapes", out[name]["weight_shapes"], [list(w.shape) for w in weights])
        ctx.close_enough(f"{name}/predict", load(ctx.work / f"{name}_jkeras_pred.npy"), pred,
                         REL * max(1.0, float(np.max(np.abs(pred)))), WHY)
        ctx.close_enough(f"{name}/sgd_loss", out[name]["loss"], loss, REL * max(1.0, abs(loss)), WHY)
        back = keras.models.clone_model(model)
        back.load_weights(ctx.work / f"{name}_jkeras.weights.h5")
        for w, mine, theirs in zip(model.weights, back.get_weights(), weights):
            ctx.close_enough(f"{name}/step/{w.path}", mine, theirs, REL * max(1.0, float(np.max(np.abs(theirs)))), WHY)
