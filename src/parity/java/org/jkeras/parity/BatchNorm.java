package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.layers.Activation;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.models.Sequential;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of cases/batch_normalization.py. */
public final class BatchNorm {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray x = Npy.read(work.resolve("x.npy"));
    FloatNdArray y = Npy.read(work.resolve("y.npy"));
    try (Sequential model = new Sequential(
        new Conv2D(4, 3).useBias(false).inputShape(6, 6, 2),
        new BatchNormalization(),
        new Activation("relu"),
        new Flatten(),
        new Dense(8).useBias(false),
        new BatchNormalization().momentum(0.9).epsilon(1e-2),
        new Activation("relu"),
        new Dense(1).activation("sigmoid"))) {
      model.setWeights(ParityIO.weights(work, "w"));
      model.compile("adam", "binary_crossentropy", "accuracy");
      var h = model.fit(x, y, batchSize(4), epochs(2), shuffle(false), verbose(0));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("loss", h.get("loss"));
      out.put("accuracy", h.get("accuracy"));
      Npy.write(work.resolve("java_pred.npy"), model.predict(x, verbose(0)));
      out.put("eval_loss", model.evaluate(x, y, verbose(0)).get("loss"));
      ParityIO.saveWeights(model, work, "java_w");
      out.put("weight_count", model.getWeights().size());
      long nonTrainable = 0;
      for (var v : model.nonTrainableWeights()) {
        nonTrainable += v.size();
      }
      out.put("non_trainable", nonTrainable);
      System.out.println(Json.write(out));
    }
  }
}
