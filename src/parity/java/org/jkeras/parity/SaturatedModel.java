package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.layers.InputLayer;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of the saturated-model part of cases/bce_accuracy.py. */
public final class SaturatedModel {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray x = Parity.npy(work, "sat_x.npy");
    FloatNdArray y = Parity.npy(work, "sat_y.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (Sequential model = new Sequential(new InputLayer(1), new Dense(1).activation("sigmoid"))) {
      model.loadWeights(work.resolve("sat.weights.h5"));
      model.compile(new SGD(0.01), "binary_crossentropy", "accuracy");
      out.putAll(model.evaluate(x, y, batchSize(8), verbose(0)));
      model.fit(x, y, batchSize(8), epochs(1), shuffle(false), verbose(0));
      model.saveWeights(work.resolve("sat_final.weights.h5"));
    }
    Parity.result(work, out);
  }
}
