package org.jkeras.parity;

import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/weights_h5.py: the functional model with a nested Sequential. Loads
 * keras.weights.h5 and predicts x.npy (jkeras_pred.npy); saves its own weights
 * (jkeras.weights.h5, predictions in jkeras_own_pred.npy); reports the error on other.weights.h5.
 */
public final class WeightsH5 {
  static Model nested(int size) {
    KerasTensor inputs = Input.of(size, size, 3);
    Sequential base = new Sequential(new Conv2D(4, 3, 3).activation("relu").inputShape(size, size, 3));
    KerasTensor x = base.apply(inputs);
    x = new Flatten().apply(x);
    x = new Dense(1).activation("sigmoid").apply(x);
    return new Model(inputs, x);
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (Model model = nested(size)) {
      model.loadWeights(work.resolve("keras.weights.h5"));
      Parity.npy(work, "jkeras_pred.npy", model.predict(x, verbose(0)));
    }
    Seeds.setRandomSeed(9);
    try (Model model = nested(size)) {
      model.saveWeights(work.resolve("jkeras.weights.h5"));
      Parity.npy(work, "jkeras_own_pred.npy", model.predict(x, verbose(0)));
      try {
        model.loadWeights(work.resolve("other.weights.h5"));
        out.put("other_error", null);
      } catch (IllegalArgumentException e) {
        out.put("other_error", e.getMessage());
      }
    }
    Parity.result(work, out);
  }
}
