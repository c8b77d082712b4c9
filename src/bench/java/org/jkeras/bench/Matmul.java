package org.jkeras.bench;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * This machine's float32 matrix-multiply throughput through TF's MatMul kernel (the kernel behind
 * Dense layers): GFLOP/s of a 2048x2048 by 2048x2048 product, median of repeated runs.
 */
public final class Matmul {
  static final int N = 2048;

  public static void main(String[] args) {
    boolean quick = Bench.quick(args);
    int warmup = 2;
    int timed = quick ? 5 : 20;
    List<Double> gflops = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.variable(tf.withInitScope().random.randomUniform(tf.withInitScope().constant(new long[] {N, N}), TFloat32.class));
      Operand<TFloat32> b = tf.variable(tf.withInitScope().random.randomUniform(tf.withInitScope().constant(new long[] {N, N}), TFloat32.class));
      // Reduce to a scalar so that fetching the result costs nothing next to the product.
      Operand<TFloat32> c = tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
      s.initialize();
      for (int i = 0; i < warmup + timed; i++) {
        long start = System.nanoTime();
        try (TFloat32 t = (TFloat32) s.runner().fetch(c).run().get(0)) {
          t.getFloat();
        }
        double sec = (System.nanoTime() - start) / 1e9;
        gflops.add(2.0 * N * N * N / sec / 1e9);
      }
    }
    Bench.emit(what(), Bench.median(gflops.subList(warmup, gflops.size())), "GFLOP/s", "higher", null, null);
  }

  static String what() {
    return "float32 matmul 2048x2048 (TF MatMul), machine throughput";
  }
}
