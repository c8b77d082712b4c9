package org.jkeras.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Reference for the jkeras training-step row: the same CNN, loss and optimizer written directly
 * with raw TF-Java ops (no jkeras), as one would without a Keras layer: conv2d + biasAdd + relu,
 * maxPool, reshape, matMul, the logits form of the cross-entropy, {@code Graph.addGradients} and
 * TF's fused {@code ApplyAdam} (epsilon 1e-7). Same timing: median of session runs after warm-up.
 *
 * <p>Written as a TF-Java user would: {@code tf.nn.maxPool} is TF's {@code MaxPoolV2}, which TF's
 * oneDNN rewrite does not take (Eigen pooling and {@code MaxPoolGradV2}), and {@code addGradients}
 * builds each {@code ReluGrad} on the Relu's input, which keeps the Relu out of the fused
 * convolution. jkeras avoids both (src/bench/NOTES.md), so this reference is slower than jkeras
 * despite its fused, cheaper (and not Keras-exact) Adam.
 */
public final class RawCnnTrainStep {
  private static final int BATCH = CnnTrainStep.BATCH;
  private static final int SIZE = CnnTrainStep.SIZE;

  public static void main(String[] args) {
    boolean quick = Bench.quick(args);
    int warmup = quick ? 2 : 3;
    int timed = quick ? 3 : 10;
    List<Double> ms = new ArrayList<>();
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, SIZE, SIZE, 3)));
      Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, 1)));
      List<Variable<TFloat32>> vars = new ArrayList<>();
      Operand<TFloat32> h = x;
      long cin = 3;
      for (long filters : new long[] {32, 64, 128}) {
        Variable<TFloat32> k = glorot(tf, Shape.of(3, 3, cin, filters), 9 * cin, 9 * filters, vars);
        Variable<TFloat32> b = zeros(tf, filters, vars);
        h = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(h, k, List.of(1L, 1L, 1L, 1L), "VALID"), b));
        h = tf.nn.maxPool(h, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
        cin = filters;
      }
      long flat = h.shape().get(1) * h.shape().get(2) * h.shape().get(3);
      h = tf.reshape(h, tf.constant(new long[] {-1, flat}));
      Variable<TFloat32> w1 = glorot(tf, Shape.of(flat, 512), flat, 512, vars);
      h = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(h, w1), zeros(tf, 512, vars)));
      Variable<TFloat32> w2 = glorot(tf, Shape.of(512, 1), 512, 1, vars);
      Operand<TFloat32> logits = tf.nn.biasAdd(tf.linalg.matMul(h, w2), zeros(tf, 1, vars));
      // sigmoid_cross_entropy_with_logits: max(x, 0) - x y + log1p(exp(-|x|)), mean over the batch
      Operand<TFloat32> zero = tf.zerosLike(logits);
      var positive = tf.math.greaterEqual(logits, zero);
      Operand<TFloat32> perSample = tf.math.add(tf.math.sub(tf.select(positive, logits, zero), tf.math.mul(logits, y)),
          tf.math.log1p(tf.math.exp(tf.select(positive, tf.math.neg(logits), logits))));
      Operand<TFloat32> loss = tf.math.mean(perSample, tf.constant(new int[] {0, 1}));

      Output<?>[] xs = new Output<?>[vars.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = vars.get(i).asOutput();
      }
      Output<?>[] grads = g.addGradients(loss.asOutput(), xs);
      List<Op> gate = new ArrayList<>();
      gate.add(loss);
      for (Output<?> gr : grads) {
        gate.add(gr);
      }
      Ops gated = tf.withControlDependencies(gate); // every gradient read before any weight changes
      Variable<TFloat32> step = tf.variable(tf.withInitScope().constant(0f));
      Operand<TFloat32> t = tf.math.add(step, tf.constant(1f));
      Operand<TFloat32> b1 = tf.constant(0.9f);
      Operand<TFloat32> b2 = tf.constant(0.999f);
      List<Op> updates = new ArrayList<>();
      for (int i = 0; i < vars.size(); i++) {
        Variable<TFloat32> v = vars.get(i);
        Variable<TFloat32> m = tf.variable(tf.withInitScope().zerosLike(v));
        Variable<TFloat32> vv = tf.variable(tf.withInitScope().zerosLike(v));
        @SuppressWarnings("unchecked")
        Operand<TFloat32> gr = gated.identity((Output<TFloat32>) grads[i]);
        updates.add(tf.train.applyAdam(v, m, vv, tf.math.pow(b1, t), tf.math.pow(b2, t), tf.constant(0.001f), b1, b2,
            tf.constant(1e-7f), gr));
      }
      Op train = tf.withControlDependencies(updates).assignAdd(step, tf.constant(1f));
      s.initialize();

      FloatNdArray images = Bench.images(BATCH, SIZE, 1);
      FloatNdArray labels = Bench.labels(BATCH);
      try (TFloat32 xt = TFloat32.tensorOf(images.shape()); TFloat32 yt = TFloat32.tensorOf(labels.shape())) {
        images.copyTo(xt);
        labels.copyTo(yt);
        for (int i = 0; i < warmup + timed; i++) {
          long start = System.nanoTime();
          try (Result r = s.runner().feed(x, xt).feed(y, yt).fetch(loss).addTarget(train).run()) {
            ((TFloat32) r.get(0)).getFloat();
          }
          ms.add((System.nanoTime() - start) / 1e6);
        }
      }
    }
    Bench.emit(CnnTrainStep.what(), Bench.median(ms.subList(warmup, ms.size())), "ms", "lower", "raw TF-Java",
        Map.of("steps_ms", Bench.oneDecimal(ms)));
  }

  /** Glorot uniform, U(-L, L) with L = sqrt(6 / (fan_in + fan_out)). */
  private static Variable<TFloat32> glorot(Ops tf, Shape shape, long fanIn, long fanOut, List<Variable<TFloat32>> vars) {
    Ops init = tf.withInitScope();
    float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    Operand<TFloat32> u = init.random.randomUniform(init.constant(shape.asArray()), TFloat32.class);
    Variable<TFloat32> v = tf.variable(init.math.mul(init.math.sub(u, init.constant(0.5f)), init.constant(2 * limit)));
    vars.add(v);
    return v;
  }

  private static Variable<TFloat32> zeros(Ops tf, long n, List<Variable<TFloat32>> vars) {
    Variable<TFloat32> v = tf.variable(tf.withInitScope().zeros(tf.withInitScope().constant(new long[] {n}), TFloat32.class));
    vars.add(v);
    return v;
  }
}
