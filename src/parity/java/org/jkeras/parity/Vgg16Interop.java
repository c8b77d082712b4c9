package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.applications.VGG16;
import org.jkeras.examples.TransferLearning;
import org.jkeras.models.Model;
import org.jkeras.random.Seeds;
import org.jkeras.saving.SavedModelInfo;
import org.jkeras.saving.ServingModel;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/vgg16_savedmodel_interop.py. Args: work folder, the Python SavedModel, the
 * folder to export to. Serves the Python model (served_python.npy), builds a frozen VGG16 base from
 * its variables under the seed's head (java_base_features.npy), trains it, exports it and writes
 * its predictions (java_pred.npy); prints the discovered signature as JSON.
 */
public final class Vgg16Interop {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Path pythonModel = Path.of(args[1]);
    Path export = Path.of(args[2]);
    FloatNdArray pre = Npy.read(work.resolve("pre.npy"));
    FloatNdArray labels = Npy.read(work.resolve("labels.npy"));

    Map<String, Object> served = new LinkedHashMap<>();
    try (ServingModel m = ServingModel.load(pythonModel)) {
      Npy.write(work.resolve("served_python.npy"), m.predict(pre));
      SavedModelInfo.TensorSpec in = m.input();
      SavedModelInfo.TensorSpec out = m.output();
      served.put("signature", m.signature().key());
      served.put("input", in.key());
      served.put("input_dtype", in.dtype());
      served.put("input_shape", in.shape().asArray());
      served.put("output", out.key());
      served.put("output_dtype", out.dtype());
      served.put("output_shape", out.shape().asArray());
    }

    Seeds.setRandomSeed(21);
    boolean headMoved;
    try (VGG16 base = new VGG16(pythonModel.toString(), false, 32, 32, 3); Model model = TransferLearning.createModel(base)) {
      Npy.write(work.resolve("java_base_features.npy"), base.predict(pre, verbose(0)));
      base.setTrainable(false);
      model.compile("adam", "binary_crossentropy", "accuracy");
      FloatNdArray head = model.layers().get(model.layers().size() - 3).weights().get(0).getValue();
      model.fit(pre, labels, epochs(2), batchSize(4), verbose(0));
      FloatNdArray after = model.layers().get(model.layers().size() - 3).weights().get(0).getValue();
      headMoved = !Arrays.deepEquals(org.tensorflow.ndarray.StdArrays.array2dCopyOf(head),
          org.tensorflow.ndarray.StdArrays.array2dCopyOf(after));
      model.export(export);
      Npy.write(work.resolve("java_pred.npy"), model.predict(pre, verbose(0)));
    }
    System.out.println(Json.writeLine(Map.of("served", served, "head_moved", headMoved)));
  }
}
