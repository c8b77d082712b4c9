package org.jkeras.parity;

import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.Map;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/forward.py. For each size: loads Keras's keras{size}.weights.h5, predicts
 * x{size}.npy into jkeras_pred{size}.npy. Then saves its own initial 64x64 weights to
 * jkeras64.weights.h5 with its predictions in jkeras_own_pred64.npy.
 */
public final class Forward {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      int size = Integer.parseInt(args[i]);
      try (Sequential model = Parity.model("cnn", size)) {
        model.loadWeights(work.resolve("keras" + size + ".weights.h5"));
        FloatNdArray x = Parity.npy(work, "x" + size + ".npy");
        Parity.npy(work, "jkeras_pred" + size + ".npy", model.predict(x, verbose(0)));
      }
    }
    Seeds.setRandomSeed(11);
    try (Sequential model = Parity.model("cnn", 64)) {
      model.saveWeights(work.resolve("jkeras64.weights.h5"));
      Parity.npy(work, "jkeras_own_pred64.npy", model.predict(Parity.npy(work, "x64.npy"), verbose(0)));
    }
    Parity.result(work, Map.of("done", true));
  }
}
