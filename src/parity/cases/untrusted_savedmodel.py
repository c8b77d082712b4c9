"""Untrusted SavedModels written by Python TensorFlow, and benign ones written by Keras, through jkeras's CLI.

Hostile (every file they touch is in this case's temporary folder):
  - a TF2 `tf.saved_model.save` whose serving_default reads `secret.txt`, lists a folder with
    `tf.io.matching_files` and writes `written.txt`;
  - a TF1 SavedModel (`tf.compat.v1.saved_model.Builder`) whose `main_op` writes `at_load.txt` when loaded;
  - a TF2 serving_default that never ends (`tf.while_loop` on an always-true condition).
jkeras must refuse the first two before running any of their graph (nothing written, exit status 1, a
one-line message naming the ops and saved_model.pb), run them with --trust-model (the files appear: the
models are real), and stop the loop at `--timeout`. `inspect` must show the verdict.
Benign: Keras 3 `model.export` and `tf.saved_model.save` of a VGG16 (weights=None) with the seed's head,
a model with BatchNormalization and Dropout, a model with the preprocessing layers jkeras has: all must
pass the scan, and the `model.export` ones serve through `jkeras predict` with the outputs TF's own
`tf.saved_model.load` gives for the same SavedModel.
"""
import os
import subprocess

import numpy as np

SIZE = 32


def cli(*args, timeout=600):
    """jkeras's command line; returns (status, stdout, jkeras's stderr lines without TF's native logging)."""
    cmd = ["java", "-Xmx2g", "-cp", os.environ["JKERAS_PARITY_CP"], "org.jkeras.cli.Main", *map(str, args)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    err = "\n".join(line for line in proc.stderr.splitlines() if line.startswith("jkeras "))
    return proc.returncode, proc.stdout, err


def hostile_tf2(path, secret, listed, written):
    import tensorflow as tf

    class Hostile(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, SIZE, SIZE, 3], tf.float32)])
        def serve(self, x):
            length = tf.cast(tf.strings.length(tf.io.read_file(str(secret))), tf.float32)
            entries = tf.cast(tf.size(tf.io.matching_files(str(listed / "*"))), tf.float32)
            tf.io.write_file(str(written), "written by the model")
            return {"output_0": tf.reduce_mean(x, axis=[1, 2, 3])[:, None] + length + entries}

    m = Hostile()
    tf.saved_model.save(m, str(path), signatures={"serving_default": m.serve})


def looping_tf2(path):
    import tensorflow as tf

    class Loop(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, SIZE, SIZE, 3], tf.float32)])
        def serve(self, x):
            y = tf.while_loop(lambda v: tf.constant(True), lambda v: v + 1.0, [tf.reduce_mean(x, axis=[1, 2, 3])])[0]
            return {"output_0": y[:, None]}

    m = Loop()
    tf.saved_model.save(m, str(path), signatures={"serving_default": m.serve})


def hostile_tf1_main_op(path, written):
    import tensorflow as tf

    g = tf.Graph()
    with g.as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, SIZE, SIZE, 3], name="inputs")
        y = tf.identity(tf.reduce_mean(x, axis=[1, 2, 3])[:, None], name="output_0")
        main_op = tf.io.write_file(str(written), "written when the model loaded")
        with tf.compat.v1.Session(graph=g) as sess:
            b = tf.compat.v1.saved_model.Builder(str(path))
            sig = tf.compat.v1.saved_model.predict_signature_def({"inputs": x}, {"output_0": y})
            b.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"serving_default": sig}, main_op=main_op)
            b.save()


def benign_keras(work):
    """name -> (folder, Keras model): the exports jkeras must accept."""
    import keras
    import tensorflow as tf
    from keras import layers

    keras.utils.set_random_seed(3)
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(SIZE, SIZE, 3))
    x = layers.Flatten()(base.output)
    x = layers.Dense(16, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    vgg = keras.Model(base.input, layers.Dense(1, activation="sigmoid")(x))
    inp = keras.Input((SIZE, SIZE, 3))
    y = layers.Conv2D(4, 3)(layers.Rescaling(1 / 255.0)(inp))
    y = layers.Activation("relu")(layers.BatchNormalization()(y))
    y = layers.Dropout(0.3)(layers.Flatten()(layers.AveragePooling2D(2)(layers.MaxPooling2D()(y))))
    bn = keras.Model(inp, layers.Dense(1, activation="sigmoid")(y))
    inp = keras.Input((SIZE, SIZE, 3))
    y = layers.Resizing(24, 24)(layers.Rescaling(1 / 255.0)(inp))
    for layer in [layers.RandomFlip(), layers.RandomRotation(0.1), layers.RandomZoom(0.1), layers.RandomTranslation(0.1, 0.1),
                  layers.RandomContrast(0.1), layers.RandomBrightness(0.1, value_range=(0, 1)), layers.RandomCrop(20, 20)]:
        y = layer(y)
    # Pooled, not flattened: at inference Keras's RandomCrop returns 24x24 where the symbolic shape says 20x20.
    pre = keras.Model(inp, layers.Dense(1, activation="sigmoid")(layers.GlobalAveragePooling2D()(y)))
    out = {}
    for name, model in [("vgg16", vgg), ("batchnorm_dropout", bn), ("preprocessing", pre)]:
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        out[name + "_export"] = (work / (name + "_export"), model)
        model.export(str(out[name + "_export"][0]), verbose=False)
    for name, model in [("vgg16", vgg), ("batchnorm_dropout", bn)]:
        # tf.saved_model.save of a Keras 3 model with random layers fails in Keras itself (untracked seed state).
        out[name + "_tf_saved_model"] = (work / (name + "_tf_saved_model"), model)
        tf.saved_model.save(model, str(out[name + "_tf_saved_model"][0]))
    return out


def run(ctx):
    import cv2
    import tensorflow as tf

    work = ctx.work
    secret = work / "secret.txt"
    secret.write_text("top secret")
    listed = work / "listed"
    listed.mkdir()
    for n in ("a.txt", "b.txt", "c.txt"):
        (listed / n).write_text(n)
    rng = np.random.default_rng(4)
    image = work / "image.png"
    cv2.imwrite(str(image), rng.uniform(0, 255, size=(SIZE, SIZE, 3)).astype(np.uint8))
    # What jkeras feeds the model: the PNG decoded by TF, as float32 0..255 (no resize at 32x32).
    pixels = tf.io.decode_png(tf.io.read_file(str(image)), channels=3).numpy().astype(np.float32)[None]

    # --- hostile TF2: serving_default reads, lists, writes.
    written = work / "written.txt"
    hostile = work / "hostile_tf2"
    hostile_tf2(hostile, secret, listed, written)
    status, out, err = cli("predict", "--model", hostile, image)
    ctx.check("hostile_tf2_refused", status == 1 and out == "" and err.count("\n") == 0
              and all(op in err for op in ("ReadFile", "WriteFile", "MatchingFiles", str(hostile / "saved_model.pb"))),
              f"status {status}: {err[:300]}")
    ctx.check("hostile_tf2_ran_nothing", not written.exists(), f"written.txt exists: {written.exists()}")
    status, out, err = cli("inspect", hostile)
    ctx.check("hostile_tf2_inspect_verdict", status == 0 and "safety: UNSAFE" in out and "ReadFile (reads a file" in out
              and "WriteFile (writes a file" in out and "MatchingFiles (lists files" in out,
              " | ".join(line for line in out.splitlines() if "safety" in line or "(" in line and "node `" in line)[:400])
    status, out, err = cli("predict", "--model", hostile, "--trust-model", image)
    expected = float(pixels.mean()) + len("top secret") + 3
    value = float(out.split("\t")[1]) if status == 0 else float("nan")
    ctx.check("hostile_tf2_runs_when_trusted", status == 0 and written.exists() and abs(value - expected) < 1e-3,
              f"status {status}, printed {value} vs mean + 10 + 3 = {expected:.4f}, written.txt exists: {written.exists()}")

    # --- hostile TF1: main_op writes when the model loads.
    at_load = work / "at_load.txt"
    tf1 = work / "hostile_tf1"
    hostile_tf1_main_op(tf1, at_load)
    status, out, err = cli("predict", "--model", tf1, image)
    ctx.check("tf1_main_op_refused", status == 1 and "WriteFile" in err and not at_load.exists(), f"status {status}: {err[:300]}")
    status, out, err = cli("predict", "--model", tf1, "--trust-model", image)
    ctx.check("tf1_main_op_runs_when_trusted", status == 0 and at_load.exists(), f"status {status}, at_load.txt: {at_load.exists()}")

    # --- an endless loop: passes the scan (no host access), stopped by --timeout.
    loop = work / "loop_tf2"
    looping_tf2(loop)
    status, out, err = cli("predict", "--model", loop, "--timeout", "2", image, timeout=300)
    ctx.check("endless_loop_stopped", status == 1 and "did not finish predicting within 2 s" in err, f"status {status}: {err[:300]}")

    # --- benign Keras exports: safe, and served with TF's own outputs for the same SavedModel.
    for name, (path, model) in benign_keras(work).items():
        status, out, err = cli("inspect", path)
        verdict = next((line.strip() for line in out.splitlines() if "safety:" in line), err)
        ctx.check(f"{name}_safe", status == 0 and verdict.startswith("safety: safe"), verdict)
        if name.endswith("_tf_saved_model"):
            # TF-Java's loader cannot serve these (its restore misses the variables the functions
            # capture: "Could not find variable ..."), before and after the scan: not served here.
            continue
        status, out, err = cli("predict", "--model", path, image)
        sig = tf.saved_model.load(str(path)).signatures["serving_default"]
        ((key, _),) = sig.structured_input_signature[1].items()
        tf_p = float(next(iter(sig(**{key: tf.constant(pixels)}).values())).numpy()[0, 0])
        p = float(out.split("\t")[1]) if status == 0 else float("nan")
        ctx.check(f"{name}_served", status == 0 and abs(p - tf_p) < 1e-4,
                  f"status {status}: jkeras {p:.4f} vs TF {tf_p:.6f} (printed to 4 decimals) {err[:200]}")
