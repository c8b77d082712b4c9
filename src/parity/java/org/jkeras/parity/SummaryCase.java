package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.Layer;
import org.jkeras.models.Sequential;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Java side of cases/summary.py: args after the work folder are "kind:size" or "trained:kind:size". */
public final class SummaryCase {
  public static void main(String[] args) throws Exception {
    List<Object> models = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String[] p = args[i].split(":");
      boolean trained = p[0].equals("trained");
      String kind = p[trained ? 1 : 0];
      int size = Integer.parseInt(p[trained ? 2 : 1]);
      Sequential model = Parity.model(kind, size);
      if (trained) {
        model.compile("adam", "binary_crossentropy", "accuracy");
        model.fit(NdArrays.ofFloats(Shape.of(4, size, size, 3)), NdArrays.ofFloats(Shape.of(4, 1)), batchSize(4), verbose(0));
      }
      models.add(describe(model));
    }
    Parity.result(Path.of(args[0]), Map.of("models", models));
  }

  private static Map<String, Object> describe(Sequential model) {
    List<Layer> layers = new ArrayList<>();
    for (Layer l : model.layers()) {
      if (!(l instanceof InputLayer)) {
        layers.add(l);
      }
    }
    List<Shape> shapes = model.layerOutputShapes();
    shapes = shapes.subList(shapes.size() - layers.size(), shapes.size());
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
