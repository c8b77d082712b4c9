"""The same float32 2048x2048 matrix product through TF's MatMul from Python (tf.function graph),
GFLOP/s, median of repeated runs."""
import time

import tensorflow as tf

import bench

N = 2048


def main():
    warmup, timed = 2, (5 if bench.QUICK else 20)
    a = tf.Variable(tf.random.uniform((N, N)))
    b = tf.Variable(tf.random.uniform((N, N)))
    product = tf.function(lambda: tf.reduce_sum(tf.matmul(a, b)))
    gflops = []
    for _ in range(warmup + timed):
        start = time.perf_counter()
        product().numpy()
        gflops.append(2.0 * N ** 3 / (time.perf_counter() - start) / 1e9)
    bench.emit("float32 matmul 2048x2048 (TF MatMul), machine throughput", bench.median(gflops[warmup:]),
               "GFLOP/s", "higher")


if __name__ == "__main__":
    main()
