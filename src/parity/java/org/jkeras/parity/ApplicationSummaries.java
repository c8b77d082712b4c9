package org.jkeras.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.applications.Application;
import org.jkeras.applications.Applications;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.layers.Layer;
import org.tensorflow.ndarray.Shape;

/**
 * Java side of cases/application_summaries.py: each argument after the work folder is
 * "name:size:top:pooling:classes" (pooling "none", "avg" or "max"); for each, in a fresh session
 * (automatic names restart, as Keras's {@code clear_session}), the application built with random
 * weights and its per-layer name, class, output shape and parameter count, the totals and the
 * printed summary.
 */
public final class ApplicationSummaries {
  public static void main(String[] args) throws Exception {
    List<Object> models = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] p = args[i].split(":");
      Names.clearSession();
      int size = Integer.parseInt(p[1]);
      String pooling = p[3].equals("none") ? null : p[3];
      try (Application m = Applications.create(p[0], Boolean.parseBoolean(p[2]), null, null, new int[] {size, size, 3},
          pooling, Integer.parseInt(p[4]), "softmax")) {
        models.add(describe(m));
      }
    }
    Parity.result(Path.of(args[0]), Map.of("models", models));
  }

  static Map<String, Object> describe(Application model) {
    List<Layer> layers = model.layers();
    List<Shape> shapes = model.layerOutputShapes();
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", layers.get(i).name());
      row.put("class", layers.get(i).className());
      List<Object> dims = new ArrayList<>();
      for (long d : shapes.get(i).asArray()) {
        dims.add(d < 0 ? null : d);
      }
      row.put("output_shape", dims);
      row.put("params", layers.get(i).countParams());
      rows.add(row);
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("trainable", count(model.trainableWeights()));
    totals.put("non_trainable", count(model.nonTrainableWeights()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", model.name());
    out.put("text", model.summaryString());
    out.put("layers", rows);
    out.put("totals", totals);
    return out;
  }

  private static long count(List<KerasVariable> ws) {
    long n = 0;
    for (KerasVariable v : ws) {
      n += v.size();
    }
    return n;
  }
}
