package org.jkeras.parity;

import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.applications.VGG16;
import org.jkeras.saving.ServingModel;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/vgg16_weights.py. Args: work folder, then (name, weight source) pairs. Writes
 * pre_java.npy, features_NAME.npy per source, served_export.npy (the `keras_export_savedmodel`
 * served through its own signature) and prints the served signature as JSON.
 */
public final class Vgg16Features {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray x = Npy.read(work.resolve("x.npy"));
    FloatNdArray pre = VGG16.preprocessInput(x);
    Npy.write(work.resolve("pre_java.npy"), pre);
    Map<String, Object> served = new LinkedHashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      try (VGG16 base = new VGG16(args[i + 1], false, 32, 32, 3)) {
        Npy.write(work.resolve("features_" + args[i] + ".npy"), base.predict(pre, verbose(0)));
      }
      if (args[i].equals("keras_export_savedmodel")) {
        try (ServingModel m = ServingModel.load(Path.of(args[i + 1]))) {
          Npy.write(work.resolve("served_export.npy"), m.predict(pre));
          served.put("input", m.input().key());
          served.put("input_shape", m.input().shape().asArray());
          served.put("output", m.output().key());
          served.put("output_shape", m.output().shape().asArray());
        }
      }
    }
    System.out.println(Json.writeLine(Map.of("served", served)));
  }
}
