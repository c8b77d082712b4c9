package org.jkeras;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Layer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Helpers for tests: run one layer on fixed inputs, compare arrays, find the shared test data. */
public final class TestUtil {
  private TestUtil() {}

  /** Builds {@code layer} for {@code x}'s shape (batch dimension free), sets its weights, runs {@code call}. */
  public static FloatNdArray run(Layer layer, FloatNdArray x, boolean training, List<FloatNdArray> weights) {
    Shape batched = Shape.of(-1).append(x.shape().tail());
    layer.ensureBuilt(batched);
    if (weights != null) {
      layer.setWeights(weights);
    }
    try (GraphContext ctx = new GraphContext()) {
      for (KerasVariable v : layer.weights()) {
        v.materialize(ctx);
      }
      Ops tf = ctx.tf();
      try (TFloat32 in = TFloat32.tensorOf(x.shape())) {
        x.copyTo(in);
        Operand<TFloat32> c = tf.constant(in);
        Operand<TFloat32> y = layer.invoke(org.jkeras.backend.CallContext.of(ctx, tf, training), c);
        try (Result r = ctx.runner().fetch(y).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          FloatNdArray out = NdArrays.ofFloats(t.shape());
          t.copyTo(out);
          return out;
        }
      }
    }
  }

  /** Every entry under {@code dir} (links with their targets, files with a hash of their bytes), to compare before and after. */
  public static String snapshot(Path dir) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted().toList()) {
        sb.append(dir.relativize(p)).append(Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : "");
        if (Files.isRegularFile(p) && !Files.isSymbolicLink(p)) {
          sb.append(" ").append(java.util.Arrays.hashCode(Files.readAllBytes(p)));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Runs a model's forward pass (inference) on one batch per input, in a graph of its own; the
   * outputs in order. For models of several inputs or outputs, before the trainer took them.
   */
  public static List<FloatNdArray> runModel(org.jkeras.models.Model model, List<FloatNdArray> inputs) {
    try (GraphContext ctx = new GraphContext()) {
      for (KerasVariable v : model.weights()) {
        v.materialize(ctx);
      }
      Ops tf = ctx.tf();
      List<Operand<TFloat32>> xs = new java.util.ArrayList<>();
      for (FloatNdArray x : inputs) {
        xs.add(org.jkeras.backend.Eager.constant(tf, x));
      }
      List<Operand<TFloat32>> ys = model.invoke(org.jkeras.backend.CallContext.of(ctx, tf, false), xs);
      org.tensorflow.Session.Runner r = ctx.runner();
      ys.forEach(r::fetch);
      try (Result res = r.run()) {
        List<FloatNdArray> out = new java.util.ArrayList<>();
        for (int i = 0; i < ys.size(); i++) {
          TFloat32 t = (TFloat32) res.get(i);
          FloatNdArray a = NdArrays.ofFloats(t.shape());
          t.copyTo(a);
          out.add(a);
        }
        return out;
      } finally {
        // Keep the values on the host, since this scratch graph closes: read them all, then set them
        // (a read runs the session, which would write a value already set back into the graph).
        List<KerasVariable> ws = model.weights();
        List<FloatNdArray> values = new java.util.ArrayList<>();
        for (KerasVariable v : ws) {
          values.add(v.getValue());
        }
        for (int i = 0; i < ws.size(); i++) {
          ws.get(i).assign(values.get(i));
        }
      }
    }
  }

  /** The n x n identity matrix. */
  public static FloatNdArray identity(int n) {
    float[][] m = new float[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return StdArrays.ndCopyOf(m);
  }

  public static FloatNdArray array(float[]... rows) {
    return StdArrays.ndCopyOf(rows);
  }

  public static float[] flat(FloatNdArray a) {
    float[] out = new float[(int) a.size()];
    int[] i = {0};
    a.scalars().forEach(s -> out[i[0]++] = s.getFloat());
    return out;
  }

  /** The shared test data folder: {@code ../shared} beside the repository (as CI lays it out), or $JKERAS_SHARED. */
  public static Path shared() {
    String env = System.getenv("JKERAS_SHARED");
    Path p = env != null ? Path.of(env) : Path.of("..", "shared");
    if (!Files.isDirectory(p.resolve("data").resolve("pets"))) {
      throw new IllegalStateException("Test data not found at " + p.toAbsolutePath()
          + "/data/pets: clone the repository next to the 'shared' folder, or set JKERAS_SHARED.");
    }
    return p;
  }
}
