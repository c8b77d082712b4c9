package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.sampleWeight;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.layers.InputLayer;
import org.jkeras.losses.Loss;
import org.jkeras.losses.Losses;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Java side of cases/losses.py: each loss from Keras's config, its values, and three SGD steps with it. */
public final class LossValues {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> spec = ParityIO.readJson(work.resolve("specs.json"));
    FloatNdArray w = Parity.npy(work, "w.npy");
    Map<String, Object> values = new LinkedHashMap<>();
    for (Object o : (List<Object>) spec.get("values")) {
      Map<String, Object> c = (Map<String, Object>) o;
      Loss loss = loss(c.get("loss"));
      FloatNdArray out = loss.callArray(Parity.npy(work, c.get("y_true") + ".npy"), Parity.npy(work, c.get("y_pred") + ".npy"),
          (Boolean) c.get("weighted") ? w : null);
      values.put((String) c.get("name"), flat(out));
    }
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray sw = Parity.npy(work, "sw.npy");
    Map<String, Object> fits = new LinkedHashMap<>();
    for (Object o : (List<Object>) spec.get("fits")) {
      Map<String, Object> c = (Map<String, Object>) o;
      String name = (String) c.get("name");
      FloatNdArray labels = Parity.npy(work, c.get("labels") + ".npy");
      FloatNdArray y = NdArrays.ofFloats(Shape.of(12, labels.shape().get(1)));
      for (int i = 0; i < 6; i++) {
        for (int k = 0; k < labels.shape().get(1); k++) {
          y.setFloat(labels.getFloat(i, k), i, k);
          y.setFloat(labels.getFloat(5 - i, k), 6 + i, k);
        }
      }
      try (Sequential m = new Sequential(new InputLayer(4), new Dense(3).activation((String) c.get("activation")))) {
        m.setWeights(ParityIO.weights(work, name + "_w"));
        m.compile(new SGD(0.1), loss(c.get("loss")));
        double logged = m.fit(x, y, sampleWeight(sw), batchSize(4), epochs(1), shuffle(false), verbose(0)).get("loss").get(0);
        fits.put(name, Map.of("loss", logged));
        ParityIO.saveWeights(m, work, name + "_out");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("values", values);
    out.put("fits", fits);
    Parity.result(work, out);
  }

  @SuppressWarnings("unchecked")
  private static Loss loss(Object spec) {
    if (spec instanceof String id) {
      return Losses.get(id);
    }
    Map<String, Object> s = (Map<String, Object>) spec;
    return Losses.fromConfig((String) s.get("class_name"), (Map<String, Object>) s.get("config"));
  }

  private static Object flat(FloatNdArray a) {
    if (a.rank() == 0) {
      return (double) a.getFloat();
    }
    List<Double> out = new ArrayList<>();
    a.scalars().forEach(v -> out.add((double) v.getFloat()));
    return out;
  }
}
