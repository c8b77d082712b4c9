package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of cases/regularized_cnn.py. */
public final class RegularizedCnn {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    FloatNdArray x = Npy.read(work.resolve("x.npy"));
    FloatNdArray y = Npy.read(work.resolve("y.npy"));
    try (Sequential model = SeedModels.createL2Model(size, size, 3, 0.001)) {
      model.compile("adam", "binary_crossentropy", "accuracy");
      model.setWeights(ParityIO.weights(work, "w"));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("losses_before", model.losses());
      out.put("eval_loss", model.evaluate(x, y, batchSize(4), verbose(0)).get("loss"));
      var h = model.fit(x, y, batchSize(4), epochs(2), shuffle(false), verbose(0));
      out.put("loss", h.get("loss"));
      out.put("losses_after", model.losses());
      ParityIO.saveWeights(model, work, "java_w");
      System.out.println(Json.write(out));
    }
  }
}
