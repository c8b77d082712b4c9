package org.jkeras.bench;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.verbose;

import org.jkeras.examples.SeedModels;
import org.jkeras.models.Sequential;
import org.tensorflow.ndarray.FloatNdArray;

/** The seed's 4.2 CNN, {@code predict} at batch 32 on 224x224x3 images: images per second after a warm-up call. */
public final class CnnPredict {
  public static void main(String[] args) {
    boolean quick = Bench.quick(args);
    int n = quick ? 64 : 320;
    FloatNdArray x = Bench.images(n, 224, 2);
    try (Sequential model = SeedModels.createModel(224, 224, 3)) {
      model.predict(Bench.images(32, 224, 3), batchSize(32), verbose(0));
      long start = System.nanoTime();
      model.predict(x, batchSize(32), verbose(0));
      double seconds = (System.nanoTime() - start) / 1e9;
      Bench.emit("4.2 CNN predict, batch 32, 224x224x3", n / seconds, "images/s", "higher", null, null);
    }
  }
}
