"""The same 2048x2048 matrix products through TF's MatMul from Python (tf.function graph), in float32
and in bfloat16, GFLOP/s, median of repeated runs."""
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


def main():
    bench.emit("float32 matmul 2048x2048 (TF MatMul), machine throughput", rate(tf.float32), "GFLOP/s", "higher")
    bench.emit("bfloat16 matmul 2048x2048 (TF MatMul), machine throughput", rate(tf.bfloat16), "GFLOP/s", "higher")


if __name__ == "__main__":
    main()
