package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.jkeras.applications.Application;
import org.jkeras.applications.Applications;
import org.jkeras.backend.Names;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/application_forward.py: each argument after the work folder is
 * "name:size:classes". For each: the application with its top ({@code classes}, no classifier
 * activation: logits), Keras's seeded weights from {@code NAME.weights.h5}, the raw pixels {@code
 * NAME_x.npy} preprocessed by the application's {@code preprocess_input} ({@code NAME_pre.npy})
 * and predicted ({@code NAME_y.npy}); "legacy:name" after it: the same from {@code NAME_legacy.h5}.
 */
public final class ApplicationForward {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    for (int i = 1; i < args.length; i++) {
      String[] p = args[i].split(":");
      if (p[0].equals("legacy")) {
        legacy(work, p[1]);
        continue;
      }
      String name = p[0];
      int size = Integer.parseInt(p[1]);
      Names.clearSession();
      try (Application m = Applications.create(name, true, null, null, new int[] {size, size, 3}, null,
          Integer.parseInt(p[2]), null)) {
        m.loadWeights(work.resolve(name + ".weights.h5"));
        FloatNdArray pre = Applications.preprocessInput(name, Parity.npy(work, name + "_x.npy"));
        Parity.npy(work, name + "_pre.npy", pre);
        Parity.npy(work, name + "_y.npy", m.predict(pre, batchSize(8), verbose(0)));
        sizes.put(name, p);
      }
    }
  }

  private static final Map<String, String[]> sizes = new HashMap<>();

  /**
   * "legacy:name": the same application built with {@code weights=NAME_legacy.h5} (the layout of
   * Keras's ImageNet files) through its constructor, predicting {@code NAME_legacy_y.npy}.
   */
  private static void legacy(Path work, String name) throws Exception {
    String[] p = sizes.get(name);
    int size = Integer.parseInt(p[1]);
    Names.clearSession();
    try (Application m = Applications.create(name, true, work.resolve(name + "_legacy.h5").toString(), null,
        new int[] {size, size, 3}, null, Integer.parseInt(p[2]), null)) {
      FloatNdArray pre = Applications.preprocessInput(name, Parity.npy(work, name + "_x.npy"));
      Parity.npy(work, name + "_legacy_y.npy", m.predict(pre, batchSize(8), verbose(0)));
    }
  }
}
