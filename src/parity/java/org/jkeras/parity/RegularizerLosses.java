package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.jkeras.regularizers.L1L2;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of cases/regularizers.py. */
public final class RegularizerLosses {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray x = Npy.read(work.resolve("x.npy"));
    FloatNdArray y = Npy.read(work.resolve("y.npy"));
    try (Sequential model = new Sequential(
        new Dense(6).activation("tanh").kernelRegularizer(new L1L2(0.01, 0.02)).biasRegularizer(Regularizers.l1(0.05))
            .activityRegularizer(Regularizers.l2(0.1)).inputShape(5),
        new Dense(1).kernelRegularizer("l2"))) {
      model.setWeights(ParityIO.weights(work, "w"));
      model.compile(new SGD(0.05), "mean_squared_error");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("losses", model.losses());
      out.put("eval_loss", model.evaluate(x, y, batchSize(4), verbose(0)).get("loss"));
      out.put("loss", model.fit(x, y, batchSize(4), epochs(2), shuffle(false), verbose(0)).get("loss"));
      Map<String, Object> ids = new LinkedHashMap<>();
      for (String s : new String[] {"l1", "l2", "L1L2", "l1l2"}) {
        Map<String, Object> c = new LinkedHashMap<>(Regularizers.get(s).getConfig());
        c.replaceAll((k, v) -> (double) (float) ((Number) v).doubleValue());
        ids.put(s, c);
      }
      out.put("ids", ids);
      System.out.println(Json.write(out));
    }
  }
}
