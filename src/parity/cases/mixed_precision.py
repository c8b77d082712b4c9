"""Mixed precision (issue 17): the seed's 4.2 CNN under `set_global_policy("mixed_bfloat16")`, its
output layer in float32 as Keras's mixed-precision guide says (`Dense(1, activation='sigmoid',
dtype='float32')`), against jkeras's `MixedPrecision.setGlobalPolicy("mixed_bfloat16")` and
`SeedModels.createModel` (whose output layer has `dtype("float32")`).

1. Each layer's policy: its name, compute and variable dtypes, the dtype its output has in the
   graph (jkeras: the dtype of the operand the layer returns when called), and the `dtype` its
   config writes. Exact.
2. Five Adam steps at 32x32 from the same initial weights (Keras's .weights.h5) on the same
   batches, no shuffle: the loss logged after each step, and the weights after the fifth step.
   Tolerances from bfloat16's precision, stated at each check.
3. The other layers under `mixed_bfloat16`, in two more models (`layer_model`): "image" (Conv2DTranspose,
   ReLU with its arguments, PReLU, ELU, LeakyReLU, bilinear UpSampling2D, Conv3D, UnitNormalization,
   LayerNormalization, GroupNormalization, Softmax...) and "embedding" (Embedding with indices up to
   299, which bfloat16 would round). Per layer the policy as in 1 (exact), the predictions before
   training, the losses of five Adam steps and the final weights, against Keras with the same policy
   and the same initial weights.
"""
import numpy as np

from training import BatchLogs
from common import load, save

SIZE, BATCH, STEPS = 32, 8, 5
# bfloat16 keeps 8 significant bits: a value is rounded to within 2**-9 of itself (relative), and two
# float32 results that differ in their last bit (another summation order) can round to bfloat16
# values 2**-8 apart. The loss goes through three such layers and a 512-unit layer.
BF16_EPS = 2.0 ** -8


def create_model(input_shape):
    import keras
    layers = keras.layers
    return keras.Sequential([
        layers.Conv2D(32, (3, 3), activation='relu', input_shape=input_shape),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(64, (3, 3), activation='relu'),
        layers.MaxPooling2D((2, 2)),
        layers.Conv2D(128, (3, 3), activation='relu'),
        layers.MaxPooling2D((2, 2)),
        layers.Flatten(),
        layers.Dense(512, activation='relu'),
        layers.Dense(1, activation='sigmoid', dtype='float32'),
    ])


def layer_model(kind):
    """The models of part 3; MixedPrecisionLayerSteps.model builds the same in jkeras."""
    import keras
    layers = keras.layers
    if kind == "image":
        return keras.Sequential([
            layers.Input((8, 8, 3)),
            layers.Conv2DTranspose(4, 3, strides=2, padding="same"),
            layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=0.05),
            layers.PReLU(),
            layers.ELU(alpha=0.5),
            layers.LeakyReLU(negative_slope=0.2),
            layers.MaxPooling2D(2),
            layers.UpSampling2D(2, interpolation="bilinear"),
            layers.Reshape((16, 16, 4, 1)),
            layers.Conv3D(2, 3),
            layers.Reshape((14, 14, 4)),
            layers.UnitNormalization(),
            layers.LayerNormalization(),
            layers.GroupNormalization(groups=2),
            layers.GlobalAveragePooling2D(),
            layers.Dense(8),
            layers.Softmax(),
            layers.Dense(1, activation="sigmoid", dtype="float32"),
        ])
    return keras.Sequential([
        layers.Input((6,)),
        layers.Embedding(300, 8),
        layers.Flatten(),
        layers.Dense(8),
        layers.LeakyReLU(),
        layers.Dense(1, activation="sigmoid", dtype="float32"),
    ])


def run(ctx):
    import keras

    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        _run(ctx, keras)
        rng = np.random.default_rng(11)
        n = BATCH * STEPS
        y = (rng.random((n, 1)) < 0.5).astype(np.float32)
        _run_layer_model(ctx, keras, "image", rng.random((n, 8, 8, 3), dtype=np.float32), y)
        # No index twice in a batch: Keras's Adam squares an embedding's sparse gradient (IndexedSlices)
        # slice by slice, so a row gathered twice gets the sum of the squares in its second moment, not
        # the square of the sum; jkeras's dense gradient does the latter, in float32 as in bfloat16.
        distinct = np.concatenate([rng.choice(300, (BATCH, 6), replace=False) for _ in range(STEPS)])
        _run_layer_model(ctx, keras, "embedding", distinct.astype(np.float32), y)
        _run_layer_model(ctx, keras, "image", rng.random((n, 8, 8, 3), dtype=np.float32), y, "mixed_float16")
    finally:
        keras.mixed_precision.set_global_policy("float32")


def _policies(model):
    return [{
        "name": l.name,
        "policy": l.dtype_policy.name,
        "compute_dtype": l.compute_dtype,
        "variable_dtype": l.variable_dtype,
        "output_dtype": str(l.output.dtype),
        "config_dtype": l.get_config()["dtype"],
    } for l in model.layers]


def _run_layer_model(ctx, keras, kind, x, y, policy="mixed_bfloat16"):
    """Part 3 for one model under `policy`; its checks are named `tag`_... ."""
    tag = kind if policy == "mixed_bfloat16" else f"{kind}_{policy}"
    # A value is rounded to within 2**-9 (bfloat16) or 2**-12 (float16) of itself, relative; two results
    # differing in their last float32 bit can round to values one unit apart: 2**-8 or 2**-11.
    eps = BF16_EPS if policy == "mixed_bfloat16" else 2.0 ** -11
    half = policy.removeprefix("mixed_")
    keras.backend.clear_session()  # layer names from 0, as in the fresh Java process
    keras.mixed_precision.set_global_policy(policy)
    keras.utils.set_random_seed(7)
    model = layer_model(kind)
    model.compile(optimizer='adam', loss='binary_crossentropy')
    policies = _policies(model)
    save(ctx.work / f"{tag}_x.npy", x)
    save(ctx.work / f"{tag}_y.npy", y)
    model.save_weights(ctx.work / f"{tag}_initial.weights.h5")
    initial = [w.copy() for w in model.get_weights()]
    pred = model.predict(x, batch_size=BATCH, verbose=0)
    steps = BatchLogs()
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[steps])
    losses = steps.get("loss")

    keras.mixed_precision.set_global_policy("float32")
    f32 = layer_model(kind)
    f32.load_weights(ctx.work / f"{tag}_initial.weights.h5")
    pred32 = f32.predict(x, batch_size=BATCH, verbose=0)
    keras.mixed_precision.set_global_policy(policy)

    j = ctx.java_json("org.jkeras.parity.MixedPrecisionLayerSteps", kind, BATCH, policy, tag)
    ctx.equal(f"{tag}_layer_policies", j["policies"], policies)
    jpred = load(ctx.work / f"{tag}_jkeras_pred.npy")
    to_bf16 = float(np.max(np.abs(jpred - pred)))
    to_f32 = float(np.max(np.abs(jpred - pred32)))
    gap = float(np.max(np.abs(pred - pred32)))
    # The distance between Keras's half-precision and float32 predictions is what computing in half
    # precision does here; another valid computation in it (another summation order) differs from
    # Keras's by a few roundings of the same kind, far less than all of them together: a quarter of it.
    detail = (f"jkeras {to_bf16:.3g} from Keras's {half} predictions, {to_f32:.3g} from its float32 ones"
              f" (Keras's {half} to float32: {gap:.3g}")
    if policy == "mixed_bfloat16":
        ctx.check(f"{tag}_predictions", gap > 1e-7 and to_bf16 <= 0.25 * gap, detail + "; <= a quarter of it)")
    else:
        # In float16 TF's CPU kernels are not the same in both runtimes (Keras's own predictions move by
        # 4e-5 with TF_ENABLE_ONEDNN_OPTS=0), and jkeras's are ~2e-4 from Keras's: not a quarter of the
        # gap but 4 float16 roundings (2**-11 relative) of a prediction, the bound of part 2's losses.
        tol = 4 * eps * float(np.max(np.abs(pred)))
        ctx.check(f"{tag}_predictions", to_bf16 <= tol, detail + f"; <= {tol:.3g})")
    ctx.close_enough(f"{tag}_step_loss", j["step_loss"], losses, 4 * eps * max(losses),
                     f"4 {half} roundings ({eps:.3g} relative) of a loss of ~{max(losses):.2f}")
    final = layer_model(kind)
    final.load_weights(ctx.work / f"{tag}_final.weights.h5")
    _check_final_weights(ctx, f"{tag}_", final.get_weights(), model.get_weights(), initial)


def _check_final_weights(ctx, prefix, final, keras_final, initial):
    """jkeras's weights after STEPS Adam steps against Keras's, from the same initial weights."""
    diffs = np.concatenate([np.abs(a - b).ravel() for a, b in zip(final, keras_final)])
    moved = np.concatenate([np.abs(b - a).ravel() for a, b in zip(initial, keras_final)])
    lr = 1e-3
    ctx.check(f"{prefix}weights_moved", float(np.mean(moved > 0)) > 0.1 and float(moved.max()) >= 0.5 * lr * STEPS,
              f"{np.mean(moved > 0):.2f} of Keras's weights moved, by up to {moved.max():.3g}, so the checks below can fail")
    # Adam moves each weight by about lr per step whatever the gradient's size, so a gradient whose
    # sign differs (a tiny gradient, a few bfloat16 roundings from 0) moves it the other way: up to
    # 2 * lr per step. Such weights must be few.
    ctx.check(f"{prefix}final_weights_max", float(diffs.max()) <= 2 * lr * STEPS,
              f"max abs diff {diffs.max():.3g} <= 2 * lr * steps = {2 * lr * STEPS:g} (a step's direction reversed)")
    frac = float(np.mean(diffs <= 0.1 * lr * STEPS))
    ctx.check(f"{prefix}final_weights_fraction", frac >= 0.99,
              f"{frac:.4f} of the weights within 10% of {STEPS} Adam steps ({0.1 * lr * STEPS:g}) (>= 0.99)")


def _run(ctx, keras):
    keras.utils.set_random_seed(7)
    rng = np.random.default_rng(7)
    x = rng.random((BATCH * STEPS, SIZE, SIZE, 3), dtype=np.float32)
    y = (rng.random((BATCH * STEPS, 1)) < 0.5).astype(np.float32)
    model = create_model((SIZE, SIZE, 3))
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    policies = _policies(model)
    model_dtype = model.get_config()["dtype"]

    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    model.save_weights(ctx.work / "initial.weights.h5")
    initial = [w.copy() for w in model.get_weights()]
    steps = BatchLogs()
    model.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[steps])

    j = ctx.java_json("org.jkeras.parity.MixedPrecisionSteps", SIZE, BATCH)
    ctx.equal("layer_policies", j["policies"], policies)
    ctx.equal("model_dtype", j["model_dtype"], model_dtype)
    ctx.equal("weights_are_float32", j["weight_dtypes"], sorted({str(w.dtype) for w in model.weights}))

    losses = steps.get("loss")
    # Each step's loss is a mean of 8 binary cross-entropies of bfloat16 logits of the last hidden
    # layer: a few bfloat16 roundings apart (2**-8 relative each) on either side; 4 of them.
    tol = 4 * BF16_EPS * max(losses)
    ctx.close_enough("step_loss", j["step_loss"], losses, tol,
                     f"4 bfloat16 roundings (2**-8 relative) of a loss of ~{max(losses):.2f}")
    ctx.close_enough("step_accuracy", j["step_accuracy"], steps.get("accuracy"), 1.0 / BATCH + 1e-6,
                     "a prediction within a bfloat16 rounding of 0.5 may land on the other side: one sample")

    # The same five steps in float32: jkeras's bfloat16 losses must be far closer to Keras's
    # bfloat16 ones than to these, or the comparison above would not tell the precisions apart.
    keras.mixed_precision.set_global_policy("float32")
    f32 = create_model((SIZE, SIZE, 3))
    f32.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
    f32.load_weights(ctx.work / "initial.weights.h5")
    f32_steps = BatchLogs()
    f32.fit(x, y, batch_size=BATCH, epochs=1, shuffle=False, verbose=0, callbacks=[f32_steps])
    to_bf16 = float(np.max(np.abs(np.array(j["step_loss"]) - np.array(losses))))
    to_f32 = float(np.max(np.abs(np.array(j["step_loss"]) - np.array(f32_steps.get("loss")))))
    ctx.check("computes_in_bfloat16", to_f32 > 10 * to_bf16 and to_f32 > 1e-5,
              f"jkeras's losses {to_bf16:.3g} from Keras's bfloat16 run, {to_f32:.3g} from its float32 run")
    keras.mixed_precision.set_global_policy("mixed_bfloat16")

    final = create_model((SIZE, SIZE, 3))
    final.load_weights(ctx.work / "final.weights.h5")
    _check_final_weights(ctx, "", final.get_weights(), model.get_weights(), initial)
