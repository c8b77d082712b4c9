package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.Shapes;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.Layer;
import org.jkeras.models.Sequential;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Java side of the mixed_precision case. Arguments after the work folder: input size, batch size.
 * Under the global policy {@code "mixed_bfloat16"}: each layer's policy and the dtype of its output
 * in a graph, then five Adam steps from initial.weights.h5 on x.npy / y.npy in order; the final
 * weights go to final.weights.h5.
 */
public final class MixedPrecisionSteps {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (MixedPrecision.Scope scope = MixedPrecision.policyScope("mixed_bfloat16");
        Sequential model = SeedModels.createModel(size, size, 3)) {
      out.put("policies", policies(model, size));
      out.put("model_dtype", model.getConfig().get("dtype"));
      TreeSet<String> weightDtypes = new TreeSet<>();
      for (Layer l : model.layers()) {
        if (!l.weights().isEmpty()) {
          weightDtypes.add(l.variableDtype());
        }
      }
      out.put("weight_dtypes", new ArrayList<>(weightDtypes));
      model.loadWeights(work.resolve("initial.weights.h5"));
      model.compile("adam", "binary_crossentropy", "accuracy");
      Parity.BatchLogs steps = new Parity.BatchLogs();
      model.fit(x, y, epochs(1), batchSize(batch), shuffle(false), verbose(0), callbacks(steps));
      out.put("step_loss", steps.get("loss"));
      out.put("step_accuracy", steps.get("accuracy"));
      model.saveWeights(work.resolve("final.weights.h5"));
    }
    Parity.result(work, out);
  }

  /** Per layer: Keras's policy attributes, and the dtype of what the layer returns in a graph. */
  private static List<Map<String, Object>> policies(Sequential model, int size) {
    List<Map<String, Object>> out = new ArrayList<>();
    GraphContext ctx = model.context(); // the model's own graph, where its weights live
    {
      Ops tf = ctx.tf().withSubScope("policies");
      CallContext call = CallContext.of(ctx, tf, false);
      Operand<TFloat32> h = tf.placeholder(TFloat32.class, Placeholder.shape(Shapes.withBatch(Shapes.of(size, size, 3))));
      for (Layer l : model.layers()) {
        h = l.invoke(call, h);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", l.name());
        p.put("policy", l.dtypePolicy().name());
        p.put("compute_dtype", l.computeDtype());
        p.put("variable_dtype", l.variableDtype());
        p.put("output_dtype", DTypes.dtypeOf(h));
        p.put("config_dtype", l.getConfig().get("dtype"));
        out.add(p);
      }
    }
    return out;
  }
}
