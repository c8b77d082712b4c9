package org.jkeras.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.data.ImageDecoder;
import org.jkeras.preprocessing.image.Images;
import org.jkeras.utils.NumericalUtils;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;

/** Java side of cases/keras3_utils.py: to_categorical, normalize, load_img, TF's resize (measured), save_img. */
public final class Keras3Utils {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> spec = ParityIO.readJson(work.resolve("spec.json"));
    for (Map.Entry<String, Object> e : ((Map<String, Object>) spec.get("categorical")).entrySet()) {
      Object n = ((Map<String, Object>) e.getValue()).get("num_classes");
      FloatNdArray y = Npy.read(work.resolve("cat_" + e.getKey() + ".npy"));
      Npy.write(work.resolve("java_cat_" + e.getKey() + ".npy"),
          n == null ? NumericalUtils.toCategorical(y) : NumericalUtils.toCategorical(y, ((Number) n).intValue()));
    }
    FloatNdArray x = Npy.read(work.resolve("norm_x.npy"));
    for (Map.Entry<String, Object> e : ((Map<String, Object>) spec.get("normalize")).entrySet()) {
      List<Number> ao = (List<Number>) e.getValue();
      Npy.write(work.resolve("java_norm_" + e.getKey() + ".npy"),
          NumericalUtils.normalize(x, ao.get(0).intValue(), ao.get(1).intValue()));
    }
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) spec.get("images");
    for (int i = 0; i < jobs.size(); i++) {
      Map<String, Object> j = jobs.get(i);
      Path path = Path.of((String) j.get("path"));
      List<Number> t = (List<Number>) j.get("target");
      int[] target = t == null ? null : new int[] {t.get(0).intValue(), t.get(1).intValue()};
      String mode = (String) j.get("mode");
      String interp = (String) j.get("interp");
      boolean keep = (Boolean) j.get("keep");
      Npy.write(work.resolve("java_img_" + i + ".npy"), Images.loadImg(path, target, mode, interp, keep));
      if (target != null && !keep && mode.equals("rgb") && path.toString().endsWith(".jpg")) {
        // TF's tf.image.resize (half-pixel centres, no antialias), as image_dataset_from_directory resizes
        // (decoded with the accurate DCT, so that only the resize differs).
        try (ImageDecoder d = new ImageDecoder(target[0], target[1], 3, interp, true)) {
          Npy.write(work.resolve("java_tf_" + i + ".npy"), d.decode(path));
        }
      }
      if (target == null && mode.equals("rgb") && path.toString().endsWith(".jpg")) {
        // TF's decode_image as image_dataset_from_directory decodes (libjpeg's fast DCT).
        try (ImageDecoder d = new ImageDecoder(0, 0, 3, "bilinear")) {
          Npy.write(work.resolve("java_fast_" + i + ".npy"), d.decode(path));
        }
      }
    }
    FloatNdArray toSave = Npy.read(work.resolve("to_save.npy"));
    Images.saveImg(work.resolve("java_saved.png"), toSave);
    FloatNdArray clipped = toSave.copyTo(NdArrays.ofFloats(toSave.shape()));
    clipped.scalars().forEach(v -> v.setFloat(Math.max(0f, Math.min(255f, v.getFloat()))));
    Images.saveImg(work.resolve("java_saved_noscale.png"), clipped, false);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobs", new ArrayList<>(List.of(jobs.size())));
    Parity.result(work, out);
  }
}
