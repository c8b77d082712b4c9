"""`compile(jit_compile=True)` on models Keras cannot compile with XLA (issue 17): Keras's
`jit_compile` setter turns it off, with a warning, when a layer of the model (nested ones included)
has `supports_jit = False` (RandomCrop, RandomRotation, RandomZoom, RandomTranslation, RandomShear,
RandomPerspective); `model.jit_compile` is then False. Per model, jkeras's `jitCompile()` after the
same compile against Keras's `model.jit_compile`, exact.
"""
import warnings

from common import save  # noqa: F401  (the work folder's conventions)

KINDS = ["dense", "random_flip", "random_crop", "random_rotation", "random_zoom", "random_translation",
         "random_shear", "random_perspective", "nested_rotation"]


def model(kind):
    """The models; JitSupport.model builds the same in jkeras."""
    import keras
    layers = keras.layers
    aug = {
        "dense": None,
        "random_flip": layers.RandomFlip(),
        "random_crop": layers.RandomCrop(6, 6),
        "random_rotation": layers.RandomRotation(0.1),
        "random_zoom": layers.RandomZoom(0.1),
        "random_translation": layers.RandomTranslation(0.1, 0.1),
        "random_shear": layers.RandomShear(0.1, 0.1),
        "random_perspective": layers.RandomPerspective(),
        "nested_rotation": keras.Sequential([layers.RandomRotation(0.1)], name="augment"),
    }[kind]
    stack = [layers.Input((8, 8, 3))] + ([aug] if aug is not None else []) + [
        layers.Flatten(), layers.Dense(1, activation="sigmoid")]
    if kind != "nested_rotation":
        return keras.Sequential(stack)
    inp = layers.Input((8, 8, 3))
    x = aug(inp)
    x = layers.Flatten()(x)
    return keras.Model(inp, layers.Dense(1, activation="sigmoid")(x))


def run(ctx):
    keras_flags = {}
    for kind in KINDS:
        m = model(kind)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m.compile(optimizer="adam", loss="binary_crossentropy", jit_compile=True)
        keras_flags[kind] = bool(m.jit_compile)
    j = ctx.java_json("org.jkeras.parity.JitSupport")
    for kind in KINDS:
        ctx.equal(f"{kind}/jit_compile", j[kind], keras_flags[kind])
