package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.optimizers.LossScaleOptimizer;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/loss_scale_file.py: loads py_lso.keras under mixed_float16 (predictions in
 * jk_loaded.npy), trains three further steps (jk_resumed.npy), writes jk_lso.keras; result.json
 * holds [iterations, step_counter, dynamic_scale] as loaded and after the steps.
 */
public final class LossScaleFile {
  private static List<Object> state(Model m) {
    LossScaleOptimizer o = (LossScaleOptimizer) m.optimizer();
    return List.of(o.iterations(), o.stepCounter(), o.dynamicScale());
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    try (MixedPrecision.Scope scope = MixedPrecision.policyScope("mixed_float16");
        Model m = Models.loadModel(work.resolve("py_lso.keras"))) {
      List<Object> loaded = state(m);
      Parity.npy(work, "jk_loaded.npy", m.predict(List.of(x), verbose(0)).get(0));
      m.fit(List.of(x), List.of(y), batchSize(batch), epochs(1), shuffle(false), verbose(0));
      Parity.npy(work, "jk_resumed.npy", m.predict(List.of(x), verbose(0)).get(0));
      m.save(work.resolve("jk_lso.keras"));
      Parity.result(work, Map.of("loaded", loaded, "resumed", state(m)));
    }
  }
}
