package org.jkeras.parity;

import java.nio.file.Path;
import java.util.Map;
import org.jkeras.losses.BinaryCrossentropy;
import org.jkeras.metrics.BinaryAccuracy;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/** Java side of cases/bce_accuracy.py: prints {"loss": ..., "accuracy": ...}. */
public final class BceAccuracy {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray yTrue = Npy.read(work.resolve("y_true.npy"));
    FloatNdArray yPred = Npy.read(work.resolve("y_pred.npy"));
    float loss = new BinaryCrossentropy().call(yTrue, yPred);
    float acc = new BinaryAccuracy().call(yTrue, yPred);
    System.out.println(Json.writeLine(Map.of("loss", loss, "accuracy", acc)));
  }
}
