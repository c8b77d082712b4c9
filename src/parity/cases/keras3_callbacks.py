"""LearningRateScheduler, BackupAndRestore, the progress lines and ModelCheckpoint(save_weights_only)
against Keras on the same weights and data. BackupAndRestore: a fit interrupted at epoch 3 (a
callback raising, as Keras's docstring does) and resumed by a fresh model ends with the weights of a
fit never interrupted, on both sides; and each side resumes from the backup the other one left
(Keras's latest.weights.h5 with the optimizer's variables, training_metadata.json)."""
import contextlib
import io
import re
import shutil

import numpy as np

from common import load, save

EPOCHS = 5
INTERRUPT_AT = 3


def build(weights=None):
    import keras
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(1)])
    if weights is not None:
        m.set_weights(weights)
    return m


def compiled(initial, optimizer):
    m = build(initial)
    m.compile(optimizer=optimizer, loss="mean_squared_error")
    return m


class Interrupt:
    """Raises at the start of epoch INTERRUPT_AT."""

    def __new__(cls):
        import keras

        class _Interrupt(keras.callbacks.Callback):
            def on_epoch_begin(self, epoch, logs=None):
                if epoch == INTERRUPT_AT:
                    raise RuntimeError("Interrupting!")
        return _Interrupt()


def times(text):
    """The progress lines with their timings (which differ run to run) replaced."""
    return re.sub(r" - \d+s - \d+(?:s|ms|us)/step", " - Ts - T/step", text)


def run(ctx):
    import keras

    keras.utils.set_random_seed(5)
    rng = np.random.default_rng(5)
    x = rng.normal(size=(24, 3)).astype(np.float32)
    y = (x @ np.array([[0.5], [-1.0], [2.0]], dtype=np.float32) + 0.1).astype(np.float32)
    save(ctx.work / "x.npy", x)
    save(ctx.work / "y.npy", y)
    initial = build().get_weights()
    for i, w in enumerate(initial):
        save(ctx.work / f"w_{i}.npy", w)
    fit = dict(batch_size=8, shuffle=False, verbose=0)

    # LearningRateScheduler(schedule, verbose=1)
    m = compiled(initial, keras.optimizers.SGD(0.1))
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        lrs = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr if epoch < 1 else lr * 0.5, verbose=1)
        lrs_history = m.fit(x, y, epochs=3, callbacks=[lrs], **fit).history
    lrs_text, lrs_weights = text.getvalue(), m.get_weights()

    # BackupAndRestore
    m = compiled(initial, keras.optimizers.Adam(0.05))
    m.fit(x, y, epochs=EPOCHS, **fit)
    uninterrupted = m.get_weights()
    backup = ctx.work / "keras_backup"
    m = compiled(initial, keras.optimizers.Adam(0.05))
    try:
        m.fit(x, y, epochs=EPOCHS, callbacks=[keras.callbacks.BackupAndRestore(str(backup)), Interrupt()], **fit)
        raise AssertionError("not interrupted")
    except RuntimeError:
        pass
    keras_metadata = (backup / "training_metadata.json").read_text()
    shutil.copytree(backup, ctx.work / "keras_backup_for_java")
    m = compiled(initial, keras.optimizers.Adam(0.05))
    h = m.fit(x, y, epochs=EPOCHS, callbacks=[keras.callbacks.BackupAndRestore(str(backup))], **fit)
    keras_resumed, keras_resumed_epochs = m.get_weights(), h.epoch

    # verbose=2 lines
    m = compiled(initial, keras.optimizers.SGD(0.1))
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        m.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=2)
        m.fit(x, y, epochs=1, batch_size=10, shuffle=False, verbose=2)
    progbar = text.getvalue()

    # ModelCheckpoint(save_weights_only=True, save_best_only=True) with a file-name template
    ckpt = ctx.work / "keras_ckpt"
    ckpt.mkdir()
    m = compiled(initial, keras.optimizers.SGD(0.1))
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        mc = keras.callbacks.ModelCheckpoint(str(ckpt / "w-{epoch:02d}-{loss:.2f}.weights.h5"), monitor="loss",
                                             save_weights_only=True, save_best_only=True, verbose=1)
        m.fit(x, y, epochs=3, callbacks=[mc], **fit)
    checkpoint_text = text.getvalue().replace(str(ckpt) + "/", "")
    checkpoint_files = sorted(p.name for p in ckpt.iterdir())

    out = ctx.java_json("org.jkeras.parity.Keras3Callbacks")

    # Keras resumes from the backup jkeras left when it was interrupted.
    m = compiled(initial, keras.optimizers.Adam(0.05))
    h = m.fit(x, y, epochs=EPOCHS, callbacks=[keras.callbacks.BackupAndRestore(str(ctx.work / "java_backup_for_keras"))],
              **fit)
    keras_from_java, keras_from_java_epochs = m.get_weights(), h.epoch

    def diff(a, b):
        return max(float(np.max(np.abs(p - q))) for p, q in zip(a, b))

    def java_weights(prefix):
        return [load(ctx.work / f"{prefix}_{i}.npy") for i in range(len(initial))]

    # float32 training of a 21-weight MLP on both sides; observed 0 (same ops in the same order).
    tol = 1e-5
    ctx.equal("LearningRateScheduler/learning_rate per epoch", out["lrs_history"]["learning_rate"],
              [float(v) for v in lrs_history["learning_rate"]])
    ctx.close_enough("LearningRateScheduler/loss per epoch", out["lrs_history"]["loss"], lrs_history["loss"], tol,
                     "float32 means, reported in double by jkeras")
    d = diff(java_weights("java_lrs"), lrs_weights)
    ctx.check("LearningRateScheduler/weights after 3 epochs", d <= tol, f"max abs diff {d:.3g} <= {tol}")
    ctx.equal("LearningRateScheduler/verbose messages", out["lrs_text"], lrs_text)

    d = diff(keras_resumed, uninterrupted)
    ctx.check("BackupAndRestore/Keras: resumed = uninterrupted", d == 0, f"max abs diff {d:.3g} (the reference)")
    ctx.equal("BackupAndRestore/training_metadata.json after the interruption", out["java_metadata"], keras_metadata)
    ctx.equal("BackupAndRestore/epochs run after resuming", out["java_resumed_epochs"], keras_resumed_epochs)
    ctx.equal("BackupAndRestore/iterations after resuming", out["java_resumed_iterations"], 15)
    d = diff(java_weights("java_resumed"), uninterrupted)
    ctx.check("BackupAndRestore/jkeras: resumed = Keras uninterrupted", d <= tol, f"max abs diff {d:.3g} <= {tol}")
    ctx.check("BackupAndRestore/backup deleted at the end", out["java_backup_deleted"], "latest.weights.h5 removed")
    ctx.equal("BackupAndRestore/jkeras resuming Keras's backup: epochs run", out["from_keras_epochs"],
              keras_resumed_epochs)
    d = diff(java_weights("java_from_keras"), uninterrupted)
    ctx.check("BackupAndRestore/jkeras resuming Keras's backup = uninterrupted", d <= tol,
              f"max abs diff {d:.3g} <= {tol} (weights and Adam's variables read from Keras's file)")
    ctx.equal("BackupAndRestore/Keras resuming jkeras's backup: epochs run", keras_from_java_epochs, keras_resumed_epochs)
    d = diff(keras_from_java, uninterrupted)
    ctx.check("BackupAndRestore/Keras resuming jkeras's backup = uninterrupted", d <= tol,
              f"max abs diff {d:.3g} <= {tol} (Keras reads jkeras's optimizer variables)")

    ctx.equal("ProgbarLogger/verbose=2 lines (timings masked)", times(out["progbar"]), times(progbar))
    ctx.equal("ModelCheckpoint/file names", out["checkpoint_files"], checkpoint_files)
    ctx.equal("ModelCheckpoint/verbose messages", out["checkpoint_text"], checkpoint_text)
