"""A few steps of each optimizer (SGD with Nesterov momentum, RMSprop plain and centered with
momentum, AdamW, Adagrad, Adam, Nadam, Adamax, Adadelta, Ftrl, Lion), of amsgrad, of the clipping
options, of the EMA of the weights (use_ema, ema_overwrite_frequency), of gradient accumulation and
of the learning-rate schedules, from the same weights and data in Keras and jkeras. The Java side
builds each optimizer from Keras's own get_config() and returns its getConfig(), so the configs are
checked both ways; schedule values are compared step by step."""
import json

import numpy as np

from common import load, save

EPOCHS = 2
BATCH = 4  # 16 samples: 4 steps an epoch, 8 in all


def optimizers():
    import keras
    from keras.optimizers import schedules
    return {
        "sgd_nesterov": keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
        "rmsprop": keras.optimizers.RMSprop(),
        "rmsprop_centered_momentum": keras.optimizers.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5, centered=True),
        "adamw": keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.05),
        "adagrad": keras.optimizers.Adagrad(learning_rate=0.1),
        "adam_clipnorm": keras.optimizers.Adam(learning_rate=0.01, clipnorm=0.5),
        "sgd_clipvalue": keras.optimizers.SGD(learning_rate=0.05, clipvalue=0.1),
        "sgd_global_clipnorm": keras.optimizers.SGD(learning_rate=0.05, global_clipnorm=0.3),
        "sgd_exponential_decay": keras.optimizers.SGD(
            learning_rate=schedules.ExponentialDecay(0.1, decay_steps=3, decay_rate=0.5, staircase=True)),
        "rmsprop_piecewise": keras.optimizers.RMSprop(
            learning_rate=schedules.PiecewiseConstantDecay([2, 5], [0.01, 0.005, 0.001])),
        "adam_cosine_warmup": keras.optimizers.Adam(
            learning_rate=schedules.CosineDecay(0.0, decay_steps=5, alpha=0.1, warmup_target=0.02, warmup_steps=3)),
        # issue 13: Keras 3's other optimizers and base options
        "nadam": keras.optimizers.Nadam(learning_rate=0.01),
        "adamax": keras.optimizers.Adamax(learning_rate=0.01),
        "adadelta": keras.optimizers.Adadelta(learning_rate=1.0, rho=0.9),
        "ftrl": keras.optimizers.Ftrl(learning_rate=0.1),
        "ftrl_regularized": keras.optimizers.Ftrl(
            learning_rate=0.1, learning_rate_power=-0.7, initial_accumulator_value=0.2, l1_regularization_strength=0.01,
            l2_regularization_strength=0.02, l2_shrinkage_regularization_strength=0.03, beta=0.1),
        "lion": keras.optimizers.Lion(learning_rate=0.01),
        "adam_amsgrad": keras.optimizers.Adam(learning_rate=0.01, amsgrad=True),
        "adamw_amsgrad": keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.05, amsgrad=True),
        "sgd_momentum_ema": keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, use_ema=True, ema_momentum=0.9),
        "adam_ema_overwrite": keras.optimizers.Adam(learning_rate=0.01, use_ema=True, ema_overwrite_frequency=3),
        "sgd_accumulation": keras.optimizers.SGD(learning_rate=0.05, gradient_accumulation_steps=3),
        "adam_accumulation_schedule_decay": keras.optimizers.Adam(
            learning_rate=schedules.ExponentialDecay(0.02, decay_steps=2, decay_rate=0.5), gradient_accumulation_steps=2,
            weight_decay=0.01, clipnorm=0.5),
        "nadam_accumulation_ema": keras.optimizers.Nadam(learning_rate=0.01, gradient_accumulation_steps=2, use_ema=True,
                                                         ema_momentum=0.8),
    }


def float32_numbers(value):
    """The config with every float rounded to float32 (schedules nested as dicts)."""
    if isinstance(value, dict):
        return {k: float32_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [float32_numbers(v) for v in value]
    if isinstance(value, float):
        return float(np.float32(value))
    return value


def build():
    import keras
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])


def run(ctx):
    import keras

    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    x = rng.normal(size=(16, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], dtype=np.float32) + 0.3).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    initial = build().get_weights()
    for i, w in enumerate(initial):
        save(ctx.work / f"w_{i}.npy", w)

    specs, expected = {}, {}
    for name, opt in optimizers().items():
        specs[name] = {"class_name": type(opt).__name__, "config": opt.get_config()}
        model = build()
        model.set_weights(initial)
        model.compile(optimizer=opt, loss="mean_squared_error")
        h = model.fit(x, y, batch_size=BATCH, epochs=EPOCHS, shuffle=False, verbose=0).history
        expected[name] = {"loss": h["loss"], "weights": model.get_weights(),
                          "learning_rate": float(opt.learning_rate), "iterations": int(opt.iterations)}
    schedule_steps = list(range(0, 12))
    schedule_values = {}
    for name, opt in optimizers().items():
        schedule = opt._learning_rate  # the LearningRateSchedule given to the constructor, or a Variable
        if isinstance(schedule, keras.optimizers.schedules.LearningRateSchedule):
            schedule_values[name] = [float(schedule(s)) for s in schedule_steps]
    (ctx.work / "specs.json").write_text(json.dumps({"optimizers": specs, "epochs": EPOCHS, "batch_size": BATCH,
                                                     "schedule_steps": schedule_steps}))

    out = json.loads(ctx.java("org.jkeras.parity.OptimizerSteps", ctx.work))
    for name, exp in expected.items():
        got = out[name]
        keras_config = {k: v for k, v in specs[name]["config"].items() if k != "name"}
        java_config = {k: v for k, v in got["config"].items() if k != "name"}
        ctx.equal(f"{name}/get_config keys", sorted(java_config), sorted(keras_config))
        # Keras keeps the learning rate as float32 (0.0010000000474974513); jkeras keeps the double.
        ctx.equal(f"{name}/get_config values", float32_numbers(java_config), float32_numbers(keras_config))
        ctx.equal(f"{name}/iterations", got["iterations"], exp["iterations"])
        # Eight float32 steps of a 21-weight MLP; the update formulas are the same, the rounding not quite.
        ctx.close_enough(f"{name}/loss per epoch", got["loss"], exp["loss"], 1e-5, "float32 arithmetic over 8 steps")
        java_w = [load(ctx.work / f"{name}_w_{i}.npy") for i in range(len(exp["weights"]))]
        diff = max(float(np.max(np.abs(a - b))) for a, b in zip(java_w, exp["weights"]))
        ctx.check(f"{name}/weights after 8 steps", diff <= 1e-5, f"max abs diff {diff:.3g} <= 1e-05 (float32 arithmetic)")
        ctx.close_enough(f"{name}/optimizer.learning_rate", got["learning_rate"], exp["learning_rate"], 1e-7,
                         "float32 value of the rate (schedules at the final step)")
    for name, values in schedule_values.items():
        # Each schedule is a few float32 ops (pow, cos) on both sides.
        ctx.close_enough(f"{name}/schedule at steps 0..11", out["schedules"][name], values, 1e-7,
                         "float32 pow/cos in TF on both sides")
