package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.Optimizers;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of cases/optimizer_steps.py: each optimizer built from Keras's get_config(), trained as Keras did. */
public final class OptimizerSteps {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> spec = ParityIO.readJson(work.resolve("specs.json"));
    FloatNdArray x = Npy.read(work.resolve("x.npy"));
    FloatNdArray y = Npy.read(work.resolve("y.npy"));
    int epochsN = ((Number) spec.get("epochs")).intValue();
    int batch = ((Number) spec.get("batch_size")).intValue();
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> schedules = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : ((Map<String, Object>) spec.get("optimizers")).entrySet()) {
      Map<String, Object> o = (Map<String, Object>) e.getValue();
      Optimizer opt = Optimizers.fromConfig((String) o.get("class_name"), (Map<String, Object>) o.get("config"));
      if (opt.schedule() != null) {
        List<Object> values = new ArrayList<>();
        for (Object s : (List<Object>) spec.get("schedule_steps")) {
          values.add((double) opt.schedule().call(((Number) s).longValue()));
        }
        schedules.put(e.getKey(), values);
      }
      try (Sequential model = new Sequential(new Dense(4).activation("relu").inputShape(3), new Dense(1))) {
        model.setWeights(ParityIO.weights(work, "w"));
        model.compile(opt, "mean_squared_error");
        var h = model.fit(x, y, batchSize(batch), epochs(epochsN), shuffle(false), verbose(0));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("loss", h.get("loss"));
        r.put("iterations", opt.iterations());
        r.put("learning_rate", opt.learningRate());
        r.put("config", opt.getConfig());
        out.put(e.getKey(), r);
        ParityIO.saveWeights(model, work, e.getKey() + "_w");
      }
    }
    out.put("schedules", schedules);
    System.out.println(Json.write(out));
  }
}
