"""The same 2048x2048 matrix products through TF's MatMul from Python (tf.function graph), in float32
and in bfloat16, GFLOP/s, median of repeated runs; and the same memory bandwidth figure (a += b over two
float32 variables of 256 MiB, TF's AssignAddVariableOp: three streams per run), GB/s."""
import time

import tensorflow as tf

import bench

N = 2048


def rate(dtype):
    warmup, timed = 2, (5 if bench.QUICK else 20)
    a = tf.Variable(tf.cast(tf.random.uniform((N, N)), dtype))
    b = tf.Variable(tf.cast(tf.random.uniform((N, N)), dtype))
    product = tf.function(lambda: tf.cast(tf.reduce_sum(tf.matmul(a, b)), tf.float32))
    gflops = []
    for _ in range(warmup + timed):
        start = time.perf_counter()
        product().numpy()
        gflops.append(2.0 * N ** 3 / (time.perf_counter() - start) / 1e9)
    return bench.median(gflops[warmup:])


STREAM = 64 << 20


def bandwidth():
    warmup, timed = 2, (5 if bench.QUICK else 20)
    a = tf.Variable(tf.random.uniform((STREAM,)))
    b = tf.Variable(tf.random.uniform((STREAM,)))
    @tf.function
    def add():
        a.assign_add(b, read_value=False)

    rates = []
    for _ in range(warmup + timed):
        start = time.perf_counter()
        add()
        rates.append(3.0 * STREAM * 4 / (time.perf_counter() - start) / 1e9)
    return bench.median(rates[warmup:])


def main():
    bench.emit("float32 matmul 2048x2048 (TF MatMul), machine throughput", rate(tf.float32), "GFLOP/s", "higher")
    bench.emit("bfloat16 matmul 2048x2048 (TF MatMul), machine throughput", rate(tf.bfloat16), "GFLOP/s", "higher")
    bench.emit("memory bandwidth, float32 a += b over 256 MiB each (TF AssignAdd), machine throughput", bandwidth(),
               "GB/s", "higher")


if __name__ == "__main__":
    main()
