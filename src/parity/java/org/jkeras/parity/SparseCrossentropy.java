package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.layers.InputLayer;
import org.jkeras.losses.SparseCategoricalCrossentropy;
import org.jkeras.models.Sequential;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of sparse_crossentropy.py: the loss on probabilities, evaluate of a softmax model, the label-7 error. */
public final class SparseCrossentropy {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray p = Parity.npy(work, "p.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    FloatNdArray x = Parity.npy(work, "x.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("probabilities", (double) new SparseCategoricalCrossentropy().call(y, p));
    try (Sequential m = new Sequential(new InputLayer(4), new Dense(3).activation("softmax"))) {
      m.loadWeights(work.resolve("w.weights.h5"));
      m.compile("sgd", "sparse_categorical_crossentropy");
      out.put("evaluate", m.evaluate(x, y, verbose(0)).get("loss"));
      out.put("fit_loss", m.fit(x, y, batchSize(2), shuffle(false), verbose(0)).history().get("loss").get(0));
      List<Double> weights = new ArrayList<>();
      for (FloatNdArray w : m.getWeights()) {
        w.scalars().forEach(v -> weights.add((double) v.getFloat()));
      }
      out.put("weights", weights);
      FloatNdArray bad = y.copyTo(org.tensorflow.ndarray.NdArrays.ofFloats(y.shape()));
      bad.setFloat(7, 2);
      String error = "";
      try {
        m.fit(x, bad, verbose(0));
      } catch (RuntimeException e) {
        error = e.getMessage();
      }
      out.put("error", error);
    }
    Parity.result(work, out);
  }
}
