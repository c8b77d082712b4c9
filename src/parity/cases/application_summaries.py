"""Each application's model.summary() against Keras's, with random weights (weights=None) at small
inputs (32x32, Xception 75x75): with the top (7 classes), without it, and with pooling "avg" and
"max". Compared per layer: the name (Keras's own names, automatic ones included: both sides start
each model in a fresh session), the class, the output shape and the parameter count; the totals
(trainable and not), the model's name, and the printed table. Exact, but for EfficientNetB0's
non-trainable size in bytes (Keras's Normalization count is an int64).
"""
import contextlib
import difflib
import io
import os
import re

import numpy as np

# name in jkeras's Applications, Keras's function, and the input size used (small, >= the minimum).
ONLY = os.environ.get("JKERAS_APPS")  # e.g. "efficientnet_b0,xception": a subset while developing
MODELS = [
    ("vgg16", "VGG16", 32),
    ("vgg19", "VGG19", 32),
    ("resnet50", "ResNet50", 32),
    ("resnet50_v2", "ResNet50V2", 32),
    ("mobilenet_v2", "MobileNetV2", 32),
    ("efficientnet_b0", "EfficientNetB0", 32),
    ("xception", "Xception", 75),
    ("densenet121", "DenseNet121", 32),
]
# (include_top, pooling, classes)
VARIANTS = [(True, None, 7), (False, None, 1000), (False, "avg", 1000), (False, "max", 1000)]


def describe(model):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary()
    layers = [{"name": l.name, "class": type(l).__name__, "output_shape": list(l.output.shape),
               "params": int(l.count_params())} for l in model.layers]
    count = lambda ws: int(sum(np.prod(w.shape) for w in ws))
    totals = {"trainable": count(model.trainable_weights), "non_trainable": count(model.non_trainable_weights)}
    return {"name": model.name, "text": buf.getvalue(), "layers": layers, "totals": totals}


def run(ctx):
    import keras

    specs, keras_side = [], []
    for name, cls, size in MODELS:
        if ONLY and name not in ONLY.split(","):
            continue
        for top, pooling, classes in VARIANTS:
            keras.backend.clear_session()
            model = getattr(keras.applications, cls)(weights=None, include_top=top, input_shape=(size, size, 3),
                                                     pooling=pooling, classes=classes)
            keras_side.append(describe(model))
            specs.append(f"{name}:{size}:{str(top).lower()}:{pooling or 'none'}:{classes}")
    java_side = ctx.java_json("org.jkeras.parity.ApplicationSummaries", *specs, timeout=1800)["models"]
    for spec, j, k in zip(specs, java_side, keras_side):
        name = spec.split(":")[0]
        ctx.equal(f"{spec}/model name", j["name"], k["name"])
        ctx.equal(f"{spec}/number of layers", len(j["layers"]), len(k["layers"]))
        bad = [(a, b) for a, b in zip(j["layers"], k["layers"]) if a != b]
        ctx.check(f"{spec}/layers (name, class, output shape, params)", not bad,
                  f"{len(bad)} differ, first: jkeras {bad[0][0]} Keras {bad[0][1]}" if bad else "all equal")
        ctx.equal(f"{spec}/totals", j["totals"], k["totals"])
        jt, kt = j["text"], k["text"]
        if name == "efficientnet_b0":
            # Keras's Normalization `count` is an int64 (8 bytes), jkeras's weights are float32 (4):
            # the non-trainable size differs by those 4 bytes (164.16 KB vs 164.15 KB), nothing else.
            kb = re.compile(r"(Non-trainable params: [\d,]+) \([\d.]+ [KM]?B\)")
            jt, kt = kb.sub(r"\1 (size)", jt), kb.sub(r"\1 (size)", kt)
        same = jt == kt
        diff = "".join(list(difflib.unified_diff(kt.splitlines(True), jt.splitlines(True), "Keras", "jkeras",
                                                 n=1))[:40])
        ctx.check(f"{spec}/printed", same, "identical text" if same else "\n" + diff)
