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
        # Issue 13, reshaping, normalization, activation and core layers (branch l13-layers).
        layers.Reshape((4, 2), name="reshape"),
        layers.Reshape((-1, 3), name="reshape_infer"),
        layers.Permute((2, 1), name="permute"),
        layers.RepeatVector(3, name="repeat_vector"),
        layers.UpSampling2D(name="up_sampling2d"),
        layers.UpSampling2D((2, 3), interpolation="bilinear", name="upsample_bilinear"),
        layers.UpSampling2D(3, data_format="channels_first", interpolation="bicubic", name="upsample_first"),
        layers.ZeroPadding2D(name="zero_padding2d"),
        layers.ZeroPadding2D(2, name="pad_int"),
        layers.ZeroPadding2D(((1, 2), (3, 0)), data_format="channels_first", name="pad_pairs"),
        layers.Cropping2D(name="cropping2d"),
        layers.Cropping2D((1, 2), name="crop_sym"),
        layers.Cropping2D(((1, 0), (2, 3)), name="crop_pairs"),
        layers.LayerNormalization(name="layer_normalization"),
        layers.LayerNormalization(axis=[1, 2], epsilon=1e-5, center=False, gamma_initializer="zeros",
                                  beta_regularizer=regularizers.L2(0.01), name="ln_axes"),
        layers.GroupNormalization(name="group_normalization"),
        layers.GroupNormalization(groups=4, axis=1, epsilon=1e-4, scale=False, name="gn_axis1"),
        layers.UnitNormalization(name="unit_normalization"),
        layers.UnitNormalization(axis=[1, 2], name="unit_axes"),
        layers.SpatialDropout2D(0.2, name="spatial_dropout2d"),
        layers.SpatialDropout2D(0.5, data_format="channels_first", seed=3, name="spatial_first"),
        layers.GaussianNoise(0.1, name="gaussian_noise"),
        layers.GaussianNoise(0.3, seed=5, name="noise_seeded"),
        layers.GaussianDropout(0.1, name="gaussian_dropout"),
        layers.GaussianDropout(0.4, seed=6, name="gdrop_seeded"),
        layers.ActivityRegularization(name="activity_regularization"),
        layers.ActivityRegularization(l1=0.01, l2=0.02, name="act_reg"),
        layers.ReLU(name="re_lu"),
        layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.5, name="relu_full"),
        layers.LeakyReLU(name="leaky_re_lu"),
        layers.LeakyReLU(negative_slope=0.2, name="leaky_02"),
        layers.PReLU(name="p_re_lu"),
        layers.PReLU(alpha_initializer=initializers.Constant(0.25), alpha_regularizer=regularizers.L1(0.01),
                     shared_axes=[1, 2], name="prelu_shared"),
        layers.ELU(name="elu"),
        layers.ELU(alpha=0.5, name="elu_half"),
        layers.Softmax(name="softmax_layer"),
        layers.Softmax(axis=[1, 2], name="softmax_axes"),
        layers.Embedding(10, 3, name="embedding"),
        layers.Embedding(100, 8, embeddings_initializer="he_normal", embeddings_regularizer=regularizers.L2(1e-4),
                         name="embedding_custom"),
        layers.Identity(name="identity"),
    ]


def main():
    out = [keras.saving.serialize_keras_object(layer) for layer in configs()]
    path = Path(__file__).with_suffix(".json")
    path.write_text(json.dumps({"keras_version": keras.__version__, "layers": out}, indent=1) + "\n")
    print(f"wrote {len(out)} layer configs to {path}")


if __name__ == "__main__":
    main()
