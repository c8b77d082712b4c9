"""Keras side of the multi-worker rows: tf.distribute.MultiWorkerMirroredStrategy with two worker
processes on loopback, each with its TF_CONFIG, started by this script (as MultiWorkerBench.java).

cnn: the seed's 4.2 CNN (seed.create_model, the article's code) compiled as the seed under the
strategy's scope, trained on one global batch of 32 (16 per worker, tf.data's auto-shard), step timed
inside model.fit; then the all-reduce alone (the replica context's all_reduce, what the optimizer's
gradient aggregation uses) of tensors shaped as the model's weights. allreduce: one tensor of 1, 16
and 64 MB summed over the two workers (100 runs of 1 MB, 20 of the others, after one warm-up run). Figures are the chief's. --size N (224 by default) trains on
N x N images instead: a smoke run at a small size, not a figure of record."""
import json
import os
import resource
import socket
import subprocess
import sys
import time

import bench

GLOBAL_BATCH = 32
SIZE = int(sys.argv[sys.argv.index("--size") + 1]) if "--size" in sys.argv else 224


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def launch():
    addresses = [f"127.0.0.1:{p}" for p in free_ports(2)]
    procs = []
    for i in range(2):
        env = dict(os.environ, TF_CONFIG=json.dumps({"cluster": {"worker": addresses}, "task": {"type": "worker", "index": i}}))
        procs.append(subprocess.Popen([sys.executable, __file__] + sys.argv[1:], env=env, stdout=subprocess.PIPE))
    figures = []
    for p in procs:
        out = p.stdout.read().decode()
        if p.wait() != 0:
            for q in procs:
                q.kill()
            raise SystemExit("a worker failed")
        figures.append([json.loads(line) for line in out.splitlines() if line.startswith("{")])
    for mine, other in zip(figures[0], figures[1]):
        mine["worker_peak_rss_mib"] = [mine.pop("peak_rss_mib"), other["peak_rss_mib"]]
        print(json.dumps(mine), flush=True)


def emit(what, ms, **extra):
    bench.emit(what, ms, "ms", "lower", peak_rss_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1), **extra)


def time_all_reduce(strategy, shapes, runs):
    import tensorflow as tf

    with strategy.scope():
        values = [tf.Variable(tf.ones(s)) for s in shapes]

    @tf.function
    def step():
        def reduce():
            ctx = tf.distribute.get_replica_context()
            return ctx.all_reduce(tf.distribute.ReduceOp.SUM, [v.read_value() for v in values])

        strategy.run(reduce)

    ms = []
    for i in range(runs + 1):
        start = time.perf_counter()
        step()
        if i > 0:
            ms.append((time.perf_counter() - start) * 1000)
    return ms


def cnn(strategy):
    import keras
    import tensorflow as tf

    import seed

    warmup, timed = (2, 3) if bench.QUICK else (3, 10)

    class Timer(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.ms = []

        def on_train_batch_begin(self, batch, logs=None):
            self.start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.ms.append((time.perf_counter() - self.start) * 1000)

    with strategy.scope():
        model = seed.compile_model(seed.create_model((SIZE, SIZE, 3)))
    x, y = bench.images(GLOBAL_BATCH, SIZE, 1), bench.labels(GLOBAL_BATCH)

    def symbolic_build(iterator=None, data_batch=None):
        # Keras 3.15's fit first reduces a distributed (x, y) batch with strategy.reduce, which takes no
        # nest under MultiWorkerMirroredStrategy ("Attempt to convert a value (PerReplica ...) to a
        # Tensor"): build from a local batch of the same shapes instead.
        with strategy.scope():
            model._symbolic_build(data_batch=(x[: GLOBAL_BATCH // 2], y[: GLOBAL_BATCH // 2]))

    model._maybe_symbolic_build = symbolic_build
    # And its train step reduces the logs with strategy.reduce("MEAN", v, axis=0), which fails on the
    # scalar loss ("Invalid reduction dimension 0 for input with 0 dimensions"): reduce across the
    # workers only (every worker's logs are already the global ones, from SUM-aggregated metrics).
    from keras.src.backend.tensorflow import trainer as tf_trainer

    keras_reduce = tf_trainer.reduce_per_replica

    def reduce_per_replica(values, strategy_, reduction):
        if reduction in ("auto", "mean"):
            return tf.nest.map_structure(lambda v: strategy_.reduce("MEAN", v, axis=None), values)
        return keras_reduce(values, strategy_, reduction)

    tf_trainer.reduce_per_replica = reduce_per_replica
    data = tf.data.Dataset.from_tensor_slices((x, y)).batch(GLOBAL_BATCH)
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    timer = Timer()
    model.fit(data.with_options(options), epochs=warmup + timed, verbose=0, callbacks=[timer])
    name = f"4.2 CNN ({model.count_params() / 1e6:.1f} M parameters, {SIZE}x{SIZE}x3)"
    emit(f"multi-worker {name} training step, 2 workers on loopback, global batch 32 (median)", bench.median(timer.ms[warmup:]),
         steps_ms=[round(t, 1) for t in timer.ms])
    ms = time_all_reduce(strategy, [w.shape for w in model.trainable_weights], 3 if bench.QUICK else 10)
    emit(f"multi-worker all-reduce of the {name} gradients, 2 workers on loopback, per step (median)",
         bench.median(ms), runs_ms=[round(t, 1) for t in ms])


def all_reduce_sizes(strategy):
    for mb in (1, 16) if bench.QUICK else (1, 16, 64):
        # 1 MB takes a few ms, most of it fixed cost that varies from run to run: 100 runs for a steady median.
        ms = time_all_reduce(strategy, [(mb * 262144,)], 5 if bench.QUICK else 100 if mb == 1 else 20)
        emit(f"multi-worker all-reduce of one {mb} MB float32 tensor, 2 workers on loopback (median)", bench.median(ms),
             runs_ms=[round(t, 1) for t in ms], megabytes=mb)


def worker():
    import tensorflow as tf

    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    if sys.argv[1] == "cnn":
        cnn(strategy)
    else:
        all_reduce_sizes(strategy)


if __name__ == "__main__":
    if "TF_CONFIG" in os.environ:
        worker()
    else:
        launch()
