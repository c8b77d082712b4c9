"""Keras side of issue 17's rows (see java/org/jkeras/bench/MixedCnnStep.java): the seed's 4.2 CNN
(seed.create_model, the article's code) under keras.mixed_precision.set_global_policy(POLICY), its
output layer set to float32 as Keras's mixed-precision guide says; argument `train` (one fit step at
batch 32, median after warm-up), `predict` (images/s) or `jit` (float32, compile(jit_compile=True)).
`--size N`: N x N images (a smoke run)."""
import sys
import time

import keras

import bench
import seed

BATCH = 32


class Timer(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.ms = []

    def on_train_batch_begin(self, batch, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.ms.append((time.perf_counter() - self.start) * 1000)


def _arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def what(mode, size):
    s = f"{size}x{size}x3"
    if mode == "predict":
        return f"4.2 CNN predict, mixed_bfloat16, batch 32, {s}"
    if mode == "jit":
        return f"4.2 CNN training step, jit_compile, batch 32, {s} (median)"
    return f"4.2 CNN training step, mixed_bfloat16, batch 32, {s} (median)"


def run(policy, ref):
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    mode = args[0] if args else "train"
    size = int(_arg("--size", 224))
    jit = mode == "jit"
    keras.mixed_precision.set_global_policy("float32" if jit else policy)
    model = seed.create_model((size, size, 3))
    model.layers[-1].dtype_policy = "float32"  # the guide's float32 output layer
    if mode == "predict":
        n = 64 if bench.QUICK else 320
        x = bench.images(n, size, 2)
        model.predict(bench.images(BATCH, size, 3), batch_size=BATCH, verbose=0)
        start = time.perf_counter()
        model.predict(x, batch_size=BATCH, verbose=0)
        bench.emit(what(mode, size), n / (time.perf_counter() - start), "images/s", "higher", ref=ref)
        return
    warmup, timed = (2, 3) if bench.QUICK else (3, 10)
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'], jit_compile=jit)
    timer = Timer()
    model.fit(bench.images(BATCH, size, 1), bench.labels(BATCH), batch_size=BATCH, epochs=warmup + timed,
              shuffle=False, verbose=0, callbacks=[timer])
    bench.emit(what(mode, size), bench.median(timer.ms[warmup:]), "ms", "lower", ref=ref,
               steps_ms=[round(t, 1) for t in timer.ms])


if __name__ == "__main__":
    run("mixed_bfloat16", "keras")
