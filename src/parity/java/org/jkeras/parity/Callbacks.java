package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.callbacks.CSVLogger;
import org.jkeras.callbacks.EarlyStopping;
import org.jkeras.callbacks.ReduceLROnPlateau;
import org.jkeras.callbacks.TensorBoard;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;

/** Java side of cases/callbacks.py. */
public final class Callbacks {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int epochsN = Integer.parseInt(args[1]);
    double lr = Double.parseDouble(args[2]);
    try (Sequential model = new Sequential(new Dense(4).activation("relu").inputShape(3), new Dense(1).activation("sigmoid"))) {
      model.setWeights(ParityIO.weights(work, "w"));
      model.compile(new SGD(lr), "binary_crossentropy", "accuracy");
      EarlyStopping es = new EarlyStopping("val_loss", 3).restoreBestWeights(true);
      ReduceLROnPlateau rl = new ReduceLROnPlateau("val_loss", 0.5, 1).minDelta(0.0);
      var h = model.fit(Npy.read(work.resolve("x.npy")), Npy.read(work.resolve("y.npy")), batchSize(8), epochs(epochsN),
          shuffle(false), validationData(Npy.read(work.resolve("xv.npy")), Npy.read(work.resolve("yv.npy"))), verbose(0),
          callbacks(es, rl, tensorBoard(work.resolve("java_logs")), new CSVLogger(work.resolve("java.csv"))));
      ParityIO.saveWeights(model, work, "java_w");
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("keys", new ArrayList<>(h.history().keySet()));
      out.put("history", h.history());
      out.put("stopped_epoch", es.stoppedEpoch());
      out.put("best_epoch", es.bestEpoch());
      System.out.println(Json.write(out));
    }
  }

  /** As the Python side's {@code TensorBoard(histogram_freq=1, write_images=True, write_steps_per_second=True, update_freq="batch")}. */
  static TensorBoard tensorBoard(Path logDir) {
    return new TensorBoard(logDir).histogramFreq(1).writeImages(true).writeStepsPerSecond(true).updateFreq("batch");
  }
}
