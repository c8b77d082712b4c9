"""Each application's forward pass against Keras's, with Keras's seeded random weights.

Python: keras.utils.set_random_seed(seed), the application with weights=None, its top (10 classes,
classifier_activation=None: logits, so that no softmax hides a difference) at a small input (64x64;
VGG 32x32, Xception 75x75); every BatchNormalization's gamma, beta, moving mean and variance (and
EfficientNet's Normalization mean and variance) set to random values so that inference
normalizes for real; `save_weights` to `.weights.h5`. jkeras builds the same application, loads
that file, preprocesses the same raw 0..255 pixels with its own preprocess_input and predicts.

- preprocess_input: exact (the same float32 operations, caffe/tf/torch, EfficientNet's pass-through);
- predictions: 1e-5 relative to the largest logit. The networks are 25 to 240 layers deep; a
  convolution sums hundreds to thousands of float32 products, and another kernel or order in
  jkeras's graph than in Keras's would round differently, growing through the depth. Observed: 0
  for six of the eight, 6.7e-7 (ResNet50) and 6e-8 (Xception) relative; a semantic difference is
  far larger (EfficientNet's Normalization read before its statistics were loaded: 1e-4).
"""
import os
import time

import numpy as np

# name in jkeras's Applications, Keras's function, input size.
MODELS = [
    ("vgg16", "VGG16", 32),
    ("vgg19", "VGG19", 32),
    ("resnet50", "ResNet50", 64),
    ("resnet50_v2", "ResNet50V2", 64),
    ("mobilenet_v2", "MobileNetV2", 64),
    ("efficientnet_b0", "EfficientNetB0", 64),
    ("xception", "Xception", 75),
    ("densenet121", "DenseNet121", 64),
]
MODULES = {"VGG16": "vgg16", "VGG19": "vgg19", "ResNet50": "resnet50", "ResNet50V2": "resnet_v2",
           "MobileNetV2": "mobilenet_v2", "EfficientNetB0": "efficientnet", "Xception": "xception",
           "DenseNet121": "densenet"}
# Also loaded from the legacy layout of Keras's ImageNet files, through the constructor's `weights`
# path (an int64 Normalization count; unnamed layers named as in this session).
LEGACY = ("efficientnet_b0", "xception")
CLASSES = 10
TOL = 1e-5


def randomize_statistics(model, rng):
    for layer in model.layers:
        for w in layer.weights:
            leaf = w.path.split("/")[-1]
            if leaf in ("gamma", "moving_variance", "variance"):
                w.assign(rng.uniform(0.5, 1.5, size=w.shape).astype(np.float32))
            elif leaf in ("beta", "moving_mean", "mean"):
                w.assign(rng.normal(0.0, 0.2, size=w.shape).astype(np.float32))


def run(ctx):
    import h5py
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    only = os.environ.get("JKERAS_APPS")
    rng = np.random.default_rng(61)
    specs, reference = [], {}
    for i, (name, cls, size) in enumerate(MODELS):
        if only and name not in only.split(","):
            continue
        keras.backend.clear_session()
        keras.utils.set_random_seed(100 + i)
        model = getattr(keras.applications, cls)(weights=None, include_top=True, input_shape=(size, size, 3),
                                                 classes=CLASSES, classifier_activation=None)
        randomize_statistics(model, rng)
        model.save_weights(ctx.work / f"{name}.weights.h5")
        # Keras's Normalization reads its statistics into constants when built or loaded
        # (finalize_state), not when assigned: load the file back so that Keras predicts with it.
        model.load_weights(ctx.work / f"{name}.weights.h5")
        if name in LEGACY:
            # The layout of Keras's ImageNet files, written by Keras's own legacy writer.
            with h5py.File(ctx.work / f"{name}_legacy.h5", "w") as f:
                legacy_h5_format.save_weights_to_hdf5_group(f, model)
        x = rng.uniform(0, 255, size=(4, size, size, 3)).astype(np.float32)
        np.save(ctx.work / f"{name}_x.npy", x)
        module = getattr(keras.applications, MODULES[cls])
        pre = module.preprocess_input(x.copy())
        reference[name] = (pre, model.predict(pre, verbose=0))
        specs.append(f"{name}:{size}:{CLASSES}")
    started = time.time()
    ctx.java("org.jkeras.parity.ApplicationForward", ctx.work, *specs, *[f"legacy:{n}" for n in LEGACY if n in reference],
             timeout=1800)
    print(f"   (Java side {time.time() - started:.0f}s)")
    for spec in specs:
        name = spec.split(":")[0]
        pre, y = reference[name]
        ctx.close_enough(f"{name}/preprocess_input", np.load(ctx.work / f"{name}_pre.npy"), pre, 0.0,
                         "the same float32 operations")
        ctx.check(f"{name}/the logits vary (a real comparison)", float(np.std(y)) > 1e-3,
                  f"Keras's logits: std {float(np.std(y)):.3g}, largest {float(np.max(np.abs(y))):.3g}")
        scale = max(1.0, float(np.max(np.abs(y))))
        ctx.close_enough(f"{name}/predictions (logits)", np.load(ctx.work / f"{name}_y.npy"), y, TOL * scale,
                         f"relative to the largest logit {scale:.3g}: float32 sums over a deep network")
        if name in LEGACY:
            ctx.close_enough(f"{name}/predictions with weights=<Keras's legacy .h5>", np.load(ctx.work / f"{name}_legacy_y.npy"),
                             y, TOL * scale, f"relative to the largest logit {scale:.3g}: as above")
