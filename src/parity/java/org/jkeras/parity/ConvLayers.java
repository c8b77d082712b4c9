package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.callbacks.History;
import org.jkeras.models.Model;
import org.jkeras.optimizers.SGD;
import org.jkeras.saving.Serialization;
import org.jkeras.utils.Json;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/conv_layers.py. For each run of {@code spec.json}: the model rebuilt from
 * Keras's serialized Sequential, its weights loaded from {@code NAME_initial.weights.h5};
 * writes the prediction ({@code NAME_jkeras_pred.npy}), then one SGD step (learning rate 0.1, mean
 * squared error, the whole batch) and its weights ({@code NAME_jkeras.weights.h5}); the loss and the
 * weight shapes go to {@code result.json}.
 */
public final class ConvLayers {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    List<Object> runs = (List<Object>) Json.parse(Files.readString(work.resolve("spec.json")));
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object o : runs) {
      Map<String, Object> run = (Map<String, Object>) o;
      String name = (String) run.get("name");
      FloatNdArray x = Parity.npy(work, name + "_x.npy");
      FloatNdArray y = Parity.npy(work, name + "_y.npy");
      int batch = (int) x.shape().get(0);
      try (Model model = (Model) Serialization.deserialize((Map<String, Object>) run.get("model"))) {
        model.loadWeights(work.resolve(name + "_initial.weights.h5"));
        Parity.npy(work, name + "_jkeras_pred.npy", model.predict(x, batchSize(batch), verbose(0)));
        model.compile(new SGD(0.1), "mean_squared_error");
        History h = model.fit(x, y, batchSize(batch), epochs(1), shuffle(false), verbose(0));
        model.saveWeights(work.resolve(name + "_jkeras.weights.h5"));
        List<List<Long>> shapes = new ArrayList<>();
        for (KerasVariable w : model.weights()) {
          List<Long> s = new ArrayList<>();
          for (long d : w.shape().asArray()) {
            s.add(d);
          }
          shapes.add(s);
        }
        out.put(name, Map.of("loss", h.get("loss").get(0), "weight_shapes", shapes));
      }
    }
    Parity.result(work, out);
  }
}
