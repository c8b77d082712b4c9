package org.jkeras.bench;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * This machine's matrix-multiply throughput through TF's MatMul kernel (the kernel behind Dense
 * layers), in float32 and in bfloat16 (the compute dtype of {@code mixed_bfloat16}; oneDNN uses
 * the CPU's AVX512_BF16/AMX units where it has them): GFLOP/s of a 2048x2048 by 2048x2048
 * product, median of repeated runs; and the memory bandwidth (GB/s of an in-place float32 add far
 * beyond the caches). The limits the other rows are stated against.
 */
public final class Matmul {
  static final int N = 2048;

  public static void main(String[] args) {
    boolean quick = Bench.quick(args);
    Bench.emit(what(), rate(TFloat32.class, quick), "GFLOP/s", "higher", null, null);
    Bench.emit(whatBf16(), rate(TBfloat16.class, quick), "GFLOP/s", "higher", null, null);
    Bench.emit(whatMemory(), bandwidth(quick), "GB/s", "higher", null, null);
  }

  /** Floats in each operand of the bandwidth figure: 256 MiB, far beyond the caches. */
  static final int STREAM = 64 << 20;

  /**
   * Median GB/s of {@code a += b} over two float32 resource variables of {@link #STREAM} values
   * (TF's AssignAddVariableOp, the kernel of Python's {@code assign_add}, spread over the cores as TF
   * spreads an elementwise kernel): three streams of 256 MiB (read a, read b, write a) per run. The limit of rows whose work is moving memory (the input
   * pipelines), as the matmul rate is for the training steps.
   */
  static double bandwidth(boolean quick) {
    int warmup = 2;
    int timed = quick ? 5 : 20;
    List<Double> rates = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Operand<TInt64> shape = init.constant(new long[] {STREAM});
      Shape dims = Shape.of(STREAM);
      var a = init.varHandleOp(TFloat32.class, dims, VarHandleOp.sharedName("a"));
      var b = init.varHandleOp(TFloat32.class, dims, VarHandleOp.sharedName("b"));
      s.runner().addTarget(tf.assignVariableOp(a, tf.random.randomUniform(shape, TFloat32.class)))
          .addTarget(tf.assignVariableOp(b, tf.random.randomUniform(shape, TFloat32.class))).run().close();
      var add = tf.assignAddVariableOp(a, tf.readVariableOp(b, TFloat32.class));
      for (int i = 0; i < warmup + timed; i++) {
        long start = System.nanoTime();
        s.runner().addTarget(add).run().close();
        double sec = (System.nanoTime() - start) / 1e9;
        rates.add(3.0 * STREAM * Float.BYTES / sec / 1e9);
      }
    }
    return Bench.median(rates.subList(warmup, rates.size()));
  }

  /** Median GFLOP/s of the product of two N x N matrices of {@code type}. */
  static <T extends TNumber> double rate(Class<T> type, boolean quick) {
    int warmup = 2;
    int timed = quick ? 5 : 20;
    List<Double> gflops = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops init = tf.withInitScope();
      Operand<T> a = tf.variable(init.dtypes.cast(init.random.randomUniform(init.constant(new long[] {N, N}), TFloat32.class), type));
      Operand<T> b = tf.variable(init.dtypes.cast(init.random.randomUniform(init.constant(new long[] {N, N}), TFloat32.class), type));
      // Reduce to a scalar so that fetching the result costs nothing next to the product.
      Operand<TFloat32> c = tf.dtypes.cast(tf.reduceSum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1})), TFloat32.class);
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
    return Bench.median(gflops.subList(warmup, gflops.size()));
  }

  static String what() {
    return "float32 matmul 2048x2048 (TF MatMul), machine throughput";
  }

  static String whatMemory() {
    return "memory bandwidth, float32 a += b over 256 MiB each (TF AssignAdd), machine throughput";
  }

  static String whatBf16() {
    return "bfloat16 matmul 2048x2048 (TF MatMul), machine throughput";
  }
}
