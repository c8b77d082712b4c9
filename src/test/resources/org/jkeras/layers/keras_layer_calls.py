"""Writes keras_layer_calls.json: what Keras 3 writes in a .keras file's config.json about a call of
each layer class jkeras has, beside the layer's config: its `build_config` once called (absent for
the layers Keras builds when they are made) and the call's recorded `kwargs` (`training` when the
call's default is not None, `mask: null` when the call takes a mask). KerasCallRecordsTest builds
the same functional model in jkeras and compares.

Regenerate (Keras 3.15.1, the reference version) from the repository root:
    $JKERAS_VENV/bin/python src/test/resources/org/jkeras/layers/keras_layer_calls.py
"""
import json
from pathlib import Path

import keras
from keras import layers


def rows():
    image = (6, 6, 3)
    return [
        (layers.Dense(3), [(4,)]),
        (layers.Conv2D(2, 3), [image]),
        (layers.MaxPooling2D(), [image]),
        (layers.AveragePooling2D(2), [image]),
        (layers.GlobalAveragePooling2D(), [image]),
        (layers.Flatten(), [image]),
        (layers.Dropout(0.5), [(4,)]),
        (layers.Activation("relu"), [(4,)]),
        (layers.BatchNormalization(), [(4,)]),
        (layers.Add(), [(4,), (4,)]),
        (layers.Subtract(), [(4,), (4,)]),
        (layers.Multiply(), [(4,), (4,)]),
        (layers.Average(), [(4,), (4,)]),
        (layers.Maximum(), [(4,), (4,)]),
        (layers.Minimum(), [(4,), (4,)]),
        (layers.Concatenate(), [(4,), (4,)]),
        (layers.Dot(axes=1), [(4,), (4,)]),
        (layers.RandomFlip(seed=1), [image]),
        (layers.RandomRotation(0.1, seed=1), [image]),
        (layers.RandomZoom(0.1, seed=1), [image]),
        (layers.RandomTranslation(0.1, 0.1, seed=1), [image]),
        (layers.RandomContrast(0.1, seed=1), [image]),
        (layers.RandomBrightness(0.1, seed=1), [image]),
        (layers.RandomCrop(4, 4, seed=1), [image]),
        (layers.Rescaling(0.5), [image]),
        (layers.Resizing(4, 4), [image]),
        (layers.Reshape((2, 2)), [(4,)]),
        (layers.Permute((2, 1)), [(4, 3)]),
        (layers.RepeatVector(2), [(4,)]),
        (layers.UpSampling2D(), [image]),
        (layers.ZeroPadding2D(), [image]),
        (layers.Cropping2D(1), [image]),
        (layers.LayerNormalization(), [(4,)]),
        (layers.GroupNormalization(groups=2), [(4,)]),
        (layers.UnitNormalization(), [(4,)]),
        (layers.SpatialDropout2D(0.5), [image]),
        (layers.GaussianNoise(0.1), [(4,)]),
        (layers.GaussianDropout(0.1), [(4,)]),
        (layers.ActivityRegularization(l1=0.01), [(4,)]),
        (layers.ReLU(), [(4,)]),
        (layers.LeakyReLU(), [(4,)]),
        (layers.PReLU(), [(4,)]),
        (layers.ELU(), [(4,)]),
        (layers.Softmax(), [(4,)]),
        (layers.Embedding(5, 2), [(4,)]),
        (layers.Identity(), [(4,)]),
        (layers.Conv1D(2, 2), [(5, 3)]),
        (layers.Conv3D(2, 2), [(4, 4, 4, 2)]),
        (layers.DepthwiseConv2D(2), [image]),
        (layers.SeparableConv2D(2, 2), [image]),
        (layers.Conv2DTranspose(2, 2), [image]),
        (layers.MaxPooling1D(2), [(4, 3)]),
        (layers.AveragePooling1D(2), [(4, 3)]),
        (layers.GlobalMaxPooling2D(), [image]),
        (layers.GlobalAveragePooling1D(), [(4, 3)]),
        (layers.GlobalMaxPooling1D(), [(4, 3)]),
        (layers.RandomErasing(seed=1), [image]),
        (layers.RandomGaussianBlur(seed=1), [image]),
        (layers.RandomGrayscale(), [image]),
        (layers.RandomHue(0.1, seed=1), [image]),
        (layers.RandomSaturation(0.1, seed=1), [image]),
        (layers.RandomSharpness(0.1, seed=1), [image]),
        (layers.RandomShear(0.1, 0.1, seed=1), [image]),
        (layers.RandomPerspective(seed=1), [image]),
        (layers.RandomColorJitter(brightness_factor=0.1, seed=1), [image]),
        (layers.RandomColorDegeneration(0.1, seed=1), [image]),
        (layers.RandomInvert(seed=1), [image]),
        (layers.RandomPosterization(4, seed=1), [image]),
        (layers.Solarization(seed=1), [image]),
        (layers.AutoContrast(), [image]),
        (layers.Equalization(), [image]),
        (layers.MixUp(seed=1), [image]),
        (layers.CutMix(seed=1), [image]),
        (layers.RandAugment(seed=1), [image]),
        (layers.AugMix(seed=1), [image]),
        (layers.CenterCrop(4, 4), [image]),
        (layers.Normalization(mean=[0.1, 0.2, 0.3], variance=[1.0, 2.0, 3.0]), [image]),
    ]


def main():
    out = []
    for layer, shapes in rows():
        inputs = [keras.Input(s) for s in shapes]
        layer(inputs if len(inputs) > 1 else inputs[0])
        if layer.output is inputs[0]:
            # Keras 3.15's Equalization returns its input itself when called on a symbolic tensor (its
            # inference path), so no functional model can end in it ("... is part of a cycle"): recorded
            # as such, and KerasCallRecordsTest checks only that jkeras builds and calls the layer.
            out.append({"layer": {"class_name": layer.__class__.__name__, "config": layer.get_config()},
                        "input_shapes": [list(s) for s in shapes], "keras_returns_its_input": True})
            continue
        entry = next(e for e in keras.Model(inputs, layer.output).get_config()["layers"] if e["name"] == layer.name)
        out.append({
            "layer": {"class_name": entry["class_name"], "config": entry["config"]},
            "input_shapes": [list(s) for s in shapes],
            "build_config": entry.get("build_config"),
            "kwargs": entry["inbound_nodes"][0]["kwargs"],
        })
    path = Path(__file__).with_name("keras_layer_calls.json")
    path.write_text(json.dumps({"keras_version": keras.__version__, "layers": out}, indent=1) + "\n")


if __name__ == "__main__":
    main()
