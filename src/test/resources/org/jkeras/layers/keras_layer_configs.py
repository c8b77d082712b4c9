"""Writes keras_layer_configs.json: real Keras's serialized configs of the layers jkeras has, with
default and non-default arguments, which LayerConfigsTest reads back through jkeras's fromConfig
and compares with jkeras's getConfig.

Regenerate (Keras 3.15.1, the reference version) from the repository root:
    $JKERAS_VENV/bin/python src/test/resources/org/jkeras/layers/keras_layer_configs.py
"""
import json
from pathlib import Path

import keras
from keras import initializers, layers, regularizers


def configs():
    return [
        layers.Dense(3, name="dense"),
        layers.Dense(5, activation="relu", use_bias=False, kernel_initializer=initializers.HeNormal(seed=3),
                     kernel_regularizer=regularizers.L2(0.001), activity_regularizer=regularizers.L1L2(l1=0.01, l2=0.02),
                     name="fc"),
        layers.Conv2D(4, 3, name="conv2d"),
        layers.Conv2D(8, (3, 5), strides=(1, 2), padding="same", activation="sigmoid",
                      kernel_initializer=initializers.RandomNormal(mean=0.1, stddev=0.2, seed=5), name="conv_strided"),
        layers.Conv2D(2, 3, dilation_rate=(2, 3), padding="same", bias_initializer="ones",
                      bias_regularizer=regularizers.L1(0.05), trainable=False, name="conv_dilated"),
        layers.MaxPooling2D(name="max_pooling2d"),
        layers.MaxPooling2D(3, strides=1, padding="same", name="pool_same"),
        layers.AveragePooling2D(2, name="average_pooling2d"),
        layers.AveragePooling2D((2, 3), strides=(1, 2), name="avg_strided"),
        layers.GlobalAveragePooling2D(name="global_average_pooling2d"),
        layers.GlobalAveragePooling2D(keepdims=True, name="gap_keepdims"),
        layers.Flatten(name="flatten"),
        layers.Dropout(0.5, name="dropout"),
        layers.Dropout(0.3, seed=4, name="dropout_seeded"),
        layers.Activation("relu", name="activation"),
        layers.Activation("softmax", name="softmax"),
        layers.BatchNormalization(name="batch_normalization"),
        layers.BatchNormalization(axis=1, momentum=0.9, epsilon=1e-5, center=False,
                                  gamma_regularizer=regularizers.L2(0.01),
                                  moving_variance_initializer=initializers.Constant(2.0), name="bn_custom"),
        layers.InputLayer(shape=(4,), name="inputs"),
        layers.InputLayer(shape=(8, 8, 3), name="image"),
        layers.Add(name="add"),
        layers.Subtract(name="subtract"),
        layers.Multiply(name="multiply"),
        layers.Average(name="average"),
        layers.Maximum(name="maximum"),
        layers.Minimum(name="minimum"),
        layers.Concatenate(name="concatenate"),
        layers.Concatenate(axis=1, name="concat_1"),
        layers.Dot(axes=1, name="dot"),
        layers.Dot(axes=(1, 2), normalize=True, name="dot_cosine"),
        layers.RandomFlip(seed=1, name="random_flip"),
        layers.RandomFlip("horizontal", seed=2, name="flip_h"),
        layers.RandomRotation(0.2, fill_mode="constant", fill_value=3.0, seed=2, name="random_rotation"),
        layers.RandomRotation((-0.1, 0.3), interpolation="nearest", seed=3, name="rotation_pair"),
        layers.RandomZoom(0.1, seed=4, name="random_zoom"),
        layers.RandomZoom((-0.2, 0.1), (0.1, 0.3), fill_mode="wrap", seed=5, name="zoom_pairs"),
        layers.RandomTranslation(0.1, 0.2, seed=6, name="random_translation"),
        layers.RandomTranslation((-0.1, 0.2), 0.3, fill_mode="nearest", seed=7, name="translation_pair"),
        layers.RandomContrast(0.2, seed=8, name="random_contrast"),
        layers.RandomContrast((0.1, 0.4), value_range=(0, 1), seed=9, name="contrast_pair"),
        layers.RandomBrightness(0.2, seed=10, name="random_brightness"),
        layers.RandomBrightness((-0.5, 0.1), value_range=(0, 1), seed=11, name="brightness_pair"),
        layers.RandomCrop(4, 5, seed=12, name="random_crop"),
        layers.Rescaling(1 / 255.0, name="rescaling"),
        layers.Rescaling(2.0, offset=-1.0, name="rescaling_offset"),
        layers.Resizing(4, 6, name="resizing"),
        layers.Resizing(4, 6, interpolation="nearest", crop_to_aspect_ratio=True, name="resizing_crop"),
        # Convolution and pooling layers of issue 13.
        layers.Conv1D(4, 3, name="conv1d"),
        layers.Conv1D(6, 5, padding="causal", dilation_rate=2, groups=3, activation="relu",
                      kernel_initializer=initializers.HeUniform(seed=1), name="conv1d_causal"),
        layers.Conv2D(4, 3, groups=2, data_format="channels_first", name="conv2d_grouped"),
        layers.Conv3D(4, 3, name="conv3d"),
        layers.Conv3D(2, (3, 1, 3), strides=(2, 1, 1), padding="same", data_format="channels_first",
                      kernel_regularizer=regularizers.L2(0.01), name="conv3d_strided"),
        layers.DepthwiseConv2D(3, name="depthwise_conv2d"),
        layers.DepthwiseConv2D((3, 5), strides=2, padding="same", depth_multiplier=2, dilation_rate=2,
                               depthwise_initializer=initializers.RandomUniform(seed=2),
                               depthwise_regularizer=regularizers.L1(0.01), use_bias=False, name="depthwise_custom"),
        layers.SeparableConv2D(4, 3, name="separable_conv2d"),
        layers.SeparableConv2D(8, (3, 3), strides=(2, 2), padding="same", depth_multiplier=3, activation="relu6",
                               pointwise_initializer=initializers.HeNormal(seed=3),
                               pointwise_regularizer=regularizers.L2(0.02), bias_initializer="ones",
                               data_format="channels_first", name="separable_custom"),
        layers.Conv2DTranspose(4, 3, name="conv2d_transpose"),
        layers.Conv2DTranspose(2, (3, 4), strides=(2, 3), padding="same", output_padding=(1, 0),
                               data_format="channels_first", name="conv2d_transpose_custom"),
        layers.Conv2DTranspose(2, 3, dilation_rate=2, name="conv2d_transpose_dilated"),
        layers.MaxPooling1D(name="max_pooling1d"),
        layers.MaxPooling1D(3, strides=1, padding="same", data_format="channels_first", name="max_pool1d_same"),
        layers.MaxPooling2D(data_format="channels_first", name="max_pool2d_first"),
        layers.AveragePooling1D(3, name="average_pooling1d"),
        layers.AveragePooling1D(2, strides=1, padding="same", name="avg_pool1d_same"),
        layers.GlobalMaxPooling2D(name="global_max_pooling2d"),
        layers.GlobalMaxPooling2D(keepdims=True, data_format="channels_first", name="gmp_keepdims"),
        layers.GlobalAveragePooling1D(name="global_average_pooling1d"),
        layers.GlobalMaxPooling1D(name="global_max_pooling1d"),
        layers.GlobalMaxPooling1D(data_format="channels_first", keepdims=True, name="gmp1d_first"),
    ]


def main():
    out = [keras.saving.serialize_keras_object(layer) for layer in configs()]
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps({"keras_version": keras.__version__, "layers": out}, indent=1) + "\n")
    print(f"wrote {len(out)} layer configs to {path}")


if __name__ == "__main__":
    main()
