"""Keras 3's `.keras` files of the Keras applications between Keras and jkeras (issue 14, item 5):
ResNet50, MobileNetV2 and EfficientNetB0 at 64x64x3 with seeded random weights (`weights=None`, no
download), their top with 3 classes (softmax), compiled with Adam and sparse categorical
cross-entropy.

- Keras trains each three Adam steps (batch 4) and writes `.keras`: jkeras's `Models.loadModel`
  predicts as Keras does and finds the optimizer's iterations (3).
- Training continues equally: from Keras's file, three further Adam steps in jkeras equal three in
  Keras. Dropout draws its masks from each side's generator, so both sides load the file with every
  Dropout at rate 0 (the top's and EfficientNet's drop-connect ones; jkeras through a custom object).
- jkeras builds the same application, trains it three steps and writes `.keras`: Keras's
  `keras.models.load_model` opens it (its warning that it skips the optimizer's state is an error),
  predicts as jkeras did and finds iterations 3.
"""
import warnings

import numpy as np

from common import load, save

SIZE, BATCH, STEPS, CLASSES = 64, 4, 3, 3
# name in jkeras's Applications, Keras's function.
MODELS = (("resnet50", "ResNet50"), ("mobilenet_v2", "MobileNetV2"), ("efficientnet_b0", "EfficientNetB0"))
# Softmax probabilities (at most 1): an absolute tolerance is relative to the largest possible output.
FWD = 1e-5
WHY_FWD = ("float32 sums over 50 to 240 layers (BatchNormalization in inference), rounded in another "
           "order by another kernel; application_forward's bound (1e-5 of the largest logit)")
TRAIN = 1e-4
WHY_TRAIN = ("three further Adam steps through the same deep float32 stack, BatchNormalization on batch "
             "statistics: gradients summed in another order")
# ResNet50's convolutions keep their bias before BatchNormalization, which subtracts the batch mean in
# training: the bias's gradient is exactly zero in exact arithmetic, so what each side computes is
# rounding noise (measured in Keras: median max |gradient| 1e-7 for the 53 biases, 1.1 for the kernels),
# and Adam's first steps move a weight by about lr * sign(gradient) whatever
# its size. Each side's noise has its own signs, so those biases (53 of them) drift apart by up to
# 3 * lr = 3e-3, which moves the inference-mode predictions by a few 1e-4; MobileNetV2 and
# EfficientNetB0 have no bias before their normalizations and stay within 1e-6.
TRAIN_BIAS_BEFORE_BN = 2e-3
WHY_TRAIN_BIAS = WHY_TRAIN + "; " + ("ResNet50's conv biases before BatchNormalization have a zero gradient "
                                      "whose rounding noise Adam turns into lr-sized steps of either sign")


def without_dropout(model):
    """Dropout's masks come from each side's generator: the steps compared run without it."""
    for layer in model.layers:
        if type(layer).__name__ == "Dropout":
            layer.rate = 0.0
    return model


def run(ctx):
    import keras

    rng = np.random.default_rng(14)
    # Inputs in [-1, 1], as preprocessed images are: raw 0..255 drives the random-weight ResNet50's
    # softmax to exactly one-hot, where predictions could no longer tell two models apart.
    x = rng.uniform(-1, 1, (BATCH * STEPS, SIZE, SIZE, 3)).astype(np.float32)
    y = rng.integers(0, CLASSES, (BATCH * STEPS,)).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    keras_pred = {}
    for i, (name, cls) in enumerate(MODELS):
        keras.backend.clear_session()
        keras.utils.set_random_seed(140 + i)
        model = getattr(keras.applications, cls)(weights=None, include_top=True, input_shape=(SIZE, SIZE, 3),
                                                 classes=CLASSES)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)  # three steps: Adam's state
        model.save(ctx.work / f"py_{name}.keras")
        keras_pred[name] = model.predict(x, verbose=0)

    names = [n for n, _ in MODELS]
    j = ctx.java_json("org.jkeras.parity.KerasFileApplications", SIZE, BATCH, CLASSES, *names, timeout=1800)
    warnings.filterwarnings("error", message=".*Skipping variable loading for optimizer.*")  # the state must load

    for name in names:
        ctx.close_enough(f"keras_to_jkeras/{name}/predictions", load(ctx.work / f"jk_from_py_{name}.npy"),
                         keras_pred[name], FWD, WHY_FWD)
        ctx.equal(f"keras_to_jkeras/{name}/optimizer_iterations", j["iterations_from_py"][name], STEPS)

        keras.backend.clear_session()
        model = without_dropout(keras.models.load_model(ctx.work / f"py_{name}.keras"))
        before = model.predict(x, verbose=0)
        model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0)
        trained = model.predict(x, verbose=0)
        moved = float(np.max(np.abs(trained - before)))
        ctx.check(f"train/keras_file_in_jkeras/{name}/predictions_moved", moved > 10 * TRAIN,
                  f"three steps moved Keras's predictions by up to {moved:.3g}, so the comparison can fail")
        bias_before_bn = name == "resnet50"
        ctx.close_enough(f"train/keras_file_in_jkeras/{name}/predictions",
                         load(ctx.work / f"jk_py_{name}_trained.npy"), trained,
                         TRAIN_BIAS_BEFORE_BN if bias_before_bn else TRAIN, WHY_TRAIN_BIAS if bias_before_bn else WHY_TRAIN)

        keras.backend.clear_session()
        theirs = keras.models.load_model(ctx.work / f"jk_{name}.keras")
        ctx.close_enough(f"jkeras_to_keras/{name}/predictions", load(ctx.work / f"jk_{name}_own.npy"),
                         theirs.predict(x, verbose=0), FWD, WHY_FWD)
        ctx.equal(f"jkeras_to_keras/{name}/optimizer_iterations", int(theirs.optimizer.iterations), STEPS)
