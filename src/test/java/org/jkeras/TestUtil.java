package org.jkeras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Layer;
import org.jkeras.utils.Json;
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

  /**
   * The list under {@code key} of a JSON test resource that a script wrote with real Keras (its
   * {@code keras_version} checked: the reference version), one map per entry.
   */
  @SuppressWarnings("unchecked")
  public static Stream<Map<String, Object>> kerasResource(Class<?> near, String resource, String key)
      throws IOException {
    try (InputStream in = near.getResourceAsStream(resource)) {
      Map<String, Object> file = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      if (!"3.15.1".equals(file.get("keras_version"))) {
        throw new IllegalStateException(resource + " was written by Keras " + file.get("keras_version") + ", not 3.15.1");
      }
      return ((List<Object>) file.get(key)).stream().map(o -> (Map<String, Object>) o);
    }
  }

  /**
   * A config with every number at float32 precision (Keras writes 0 where jkeras writes 0.0, and
   * keeps learning rates as float32), maps and lists recursively: to compare configs as values.
   */
  @SuppressWarnings("unchecked")
  public static Object float32Numbers(Object o) {
    if (o instanceof Number) {
      return (double) ((Number) o).floatValue();
    }
    if (o instanceof Map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) o).forEach((k, v) -> out.put(k, float32Numbers(v)));
      return out;
    }
    if (o instanceof List) {
      List<Object> out = new ArrayList<>();
      ((List<Object>) o).forEach(v -> out.add(float32Numbers(v)));
      return out;
    }
    return o;
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
