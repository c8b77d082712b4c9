"""The seed article's Python (shared/seed/, section 4), run with real Keras by the parity cases.

`create_model` is section 4.2 and `create_l2_model` section 4.3, as the article writes them; the
only change is that the input size, (224, 224, 3) in the article, is a parameter, so that cases can
also run them on small images. `compile_model` is the article's compile line.
"""
import warnings

import tensorflow as tf
from keras import regularizers

# Keras 3 warns that `input_shape=` on a layer is better written as an Input; the seed writes it so.
warnings.filterwarnings("ignore", message=".*input_shape.*")


def create_model(input_shape=(224, 224, 3)):
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=input_shape),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(64, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(128, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(1, activation='sigmoid')
    ])
    return model


def create_l2_model(input_shape=(224, 224, 3), l2=0.001):
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(32, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(l2), input_shape=input_shape),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(64, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(l2)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(128, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(l2)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(1, activation='sigmoid')
    ])
    return model


def compile_model(model):
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    return model


def build(kind, size):
    """`kind` "cnn" (4.2) or "l2" (4.3) at size x size x 3, as the Java side's `Parity.model`."""
    shape = (size, size, 3)
    return create_model(shape) if kind == "cnn" else create_l2_model(shape)
