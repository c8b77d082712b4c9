"""model.summary() of the seed's 4.2 and 4.3 models at 224x224x3 and 64x64x3, and after training.

Compares, per layer, the name, class, output shape and parameter count, then the totals, and the
printed table itself. Both sides build the models in the same order in a fresh process, so the
automatic names (conv2d_3, sequential_1...) are compared too.
"""
import contextlib
import io

import numpy as np

import seed

# (kind, size): the seed's 4.2 CNN ("cnn") and 4.3 L2 CNN ("l2"), each at two input sizes.
SPECS = [("cnn", 224), ("l2", 224), ("cnn", 64), ("l2", 64)]
# After one training step the summary also counts the optimizer's variables (Adam's m and v).
TRAINED = ("cnn", 32)


def describe(model):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        model.summary()
    layers = [{"name": l.name, "class": type(l).__name__,
               "output_shape": list(l.output.shape), "params": int(l.count_params())} for l in model.layers]
    count = lambda ws: int(sum(np.prod(w.shape) for w in ws))
    totals = {"trainable": count(model.trainable_weights), "non_trainable": count(model.non_trainable_weights)}
    return {"text": buf.getvalue(), "layers": layers, "totals": totals}


def run(ctx):
    keras_side = []
    for kind, size in SPECS:
        keras_side.append(describe(seed.build(kind, size)))
    kind, size = TRAINED
    model = seed.compile_model(seed.build(kind, size))
    model.fit(np.zeros((4, size, size, 3), np.float32), np.zeros((4, 1), np.float32), batch_size=4, verbose=0)
    keras_side.append(describe(model))

    specs = [f"{k}:{s}" for k, s in SPECS] + [f"trained:{kind}:{size}"]
    java_side = ctx.java_json("org.jkeras.parity.SummaryCase", *specs)["models"]
    for spec, j, k in zip(specs, java_side, keras_side):
        ctx.equal(f"{spec}/layers", j["layers"], k["layers"])
        ctx.equal(f"{spec}/totals", j["totals"], k["totals"])
        same = j["text"] == k["text"]
        ctx.check(f"{spec}/printed", same,
                  "identical text" if same else f"\n--- jkeras\n{j['text']}--- Keras\n{k['text']}")
