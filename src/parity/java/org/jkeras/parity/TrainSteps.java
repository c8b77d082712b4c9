package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationSplit;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.GraphContext;
import org.jkeras.callbacks.History;
import org.jkeras.models.Sequential;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Java side of the training cases (adam_steps, l2_loss, fit_history). Arguments after the work
 * folder: model kind, input size, batch size, epochs, validation split (0 for none). Starts from
 * initial.weights.h5, trains on x.npy / y.npy in order (no shuffle), and reports the logs of every
 * step and epoch; the final weights go to final.weights.h5. With an L2 model it first reports the
 * regularisation term and {@code evaluate} on the initial weights.
 */
public final class TrainSteps {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    String kind = args[1];
    int size = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    int epochCount = Integer.parseInt(args[4]);
    double split = Double.parseDouble(args[5]);
    FloatNdArray x = Parity.npy(work, "x.npy");
    FloatNdArray y = Parity.npy(work, "y.npy");
    Map<String, Object> out = new LinkedHashMap<>();
    try (Sequential model = Parity.model(kind, size)) {
      model.loadWeights(work.resolve("initial.weights.h5"));
      model.compile("adam", "binary_crossentropy", "accuracy");
      if (kind.equals("l2")) {
        out.put("l2_term", l2Term(model));
        out.put("evaluate", model.evaluate(x, y, batchSize(batch), verbose(0)));
      }
      Parity.BatchLogs steps = new Parity.BatchLogs();
      History h = split > 0
          ? model.fit(x, y, epochs(epochCount), batchSize(batch), shuffle(false), validationSplit(split), verbose(0), callbacks(steps))
          : model.fit(x, y, epochs(epochCount), batchSize(batch), shuffle(false), verbose(0), callbacks(steps));
      out.put("step_loss", steps.get("loss"));
      out.put("step_accuracy", steps.get("accuracy"));
      out.put("history", h.history());
      model.saveWeights(work.resolve("final.weights.h5"));
    }
    Parity.result(work, out);
  }

  /** The sum of the model's regularisation penalties, Keras's {@code sum(model.losses)}. */
  private static double l2Term(Sequential model) {
    GraphContext ctx = model.context();
    Ops tf = ctx.tf().withSubScope("parity_l2");
    List<Operand<TFloat32>> terms = model.regularizationLosses(CallContext.of(ctx, tf, false));
    try (Result r = ctx.runner().fetch(tf.math.addN(terms)).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }
}
