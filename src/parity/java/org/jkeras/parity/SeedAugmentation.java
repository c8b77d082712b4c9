package org.jkeras.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Eager;
import org.jkeras.backend.GraphContext;
import org.jkeras.preprocessing.image.Augmentation;
import org.jkeras.preprocessing.image.ColorAugmentation;
import org.jkeras.preprocessing.image.ImageTensors;
import org.jkeras.preprocessing.image.SeedRotation;
import org.jkeras.utils.Json;
import org.jkeras.utils.Npy;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Java side of cases/seed_augmentation.py. Reads {@code spec.json} and runs:
 * <ul>
 *   <li>{@code matrices}: the seed's rotation matrix and canvas ({@link SeedRotation}) for each
 *       (height, width, angle), printed as JSON;
 *   <li>{@code rotate}: {@code randomRotate} of a uint8 image (as OpenCV gets it) at an angle;
 *   <li>{@code crop}: {@code randomCrop} of a uint8 image with a seed, and the corner it drew (read
 *       back by cropping an image of coordinates with the same seed: draws depend only on the seed
 *       and the sizes);
 *   <li>{@code pipeline}: section 4.1, {@code randomRotate(randomCrop(image, size), angle)};
 *   <li>{@code color}: the float32 colour functions with fixed factors.
 * </ul>
 */
public final class SeedAugmentation {
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> spec = Json.readObject(work.resolve("spec.json"));
    Map<String, Object> result = new LinkedHashMap<>();

    List<Object> matrices = new ArrayList<>();
    for (Object o : (List<Object>) spec.get("matrices")) {
      List<Number> hwa = (List<Number>) o;
      SeedRotation r = SeedRotation.of(hwa.get(0).intValue(), hwa.get(1).intValue(), hwa.get(2).doubleValue());
      Map<String, Object> m = new LinkedHashMap<>();
      List<Object> mm = new ArrayList<>();
      for (double v : r.matrix()) {
        mm.add(v);
      }
      m.put("M", mm);
      m.put("nW", r.width());
      m.put("nH", r.height());
      matrices.add(m);
    }
    result.put("matrices", matrices);

    for (Object o : (List<Object>) spec.get("rotate")) {
      Map<String, Object> t = (Map<String, Object>) o;
      FloatNdArray img = Npy.read(work.resolve((String) t.get("image")));
      double angle = ((Number) t.get("angle")).doubleValue();
      Npy.write(work.resolve((String) t.get("out")),
          uint8(img, (tf, x) -> Augmentation.randomRotate(tf, x, angle)));
    }

    List<Object> corners = new ArrayList<>();
    for (Object o : (List<Object>) spec.get("crop")) {
      Map<String, Object> t = (Map<String, Object>) o;
      FloatNdArray img = Npy.read(work.resolve((String) t.get("image")));
      int[] size = ints((List<Number>) t.get("size"));
      long seed = ((Number) t.get("seed")).longValue();
      Npy.write(work.resolve((String) t.get("out")),
          uint8(img, (tf, x) -> Augmentation.randomCrop(tf, x, size, ImageTensors.seed(tf, seed))));
      corners.add(corner(img, size, seed));
    }
    result.put("corners", corners);

    List<Object> pipelineCorners = new ArrayList<>();
    for (Object o : (List<Object>) spec.get("pipeline")) {
      Map<String, Object> t = (Map<String, Object>) o;
      FloatNdArray img = Npy.read(work.resolve((String) t.get("image")));
      int[] size = ints((List<Number>) t.get("size"));
      long seed = ((Number) t.get("seed")).longValue();
      double angle = ((Number) t.get("angle")).doubleValue();
      // Section 4.1: cropped_image = random_crop(image, size); rotated_image = random_rotate(cropped_image, angle)
      Npy.write(work.resolve((String) t.get("out")), uint8(img, (tf, x) -> Augmentation.randomRotate(tf,
          Augmentation.randomCrop(tf, x, size, ImageTensors.seed(tf, seed)), angle)));
      pipelineCorners.add(corner(img, size, seed));
    }
    result.put("pipeline_corners", pipelineCorners);

    for (Object o : (List<Object>) spec.get("color")) {
      Map<String, Object> t = (Map<String, Object>) o;
      FloatNdArray img = Npy.read(work.resolve((String) t.get("image")));
      double v = ((Number) t.get("value")).doubleValue();
      FloatNdArray y;
      switch ((String) t.get("op")) {
        case "brightness": y = ColorAugmentation.adjustBrightness(img, v); break;
        case "contrast": y = ColorAugmentation.adjustContrast(img, v); break;
        case "saturation": y = ColorAugmentation.adjustSaturation(img, v); break;
        case "hue": y = ColorAugmentation.adjustHue(img, v); break;
        default: throw new IllegalArgumentException("unknown colour op " + t.get("op"));
      }
      Npy.write(work.resolve((String) t.get("out")), y);
    }
    System.out.println(Json.write(result));
  }

  interface Uint8Fn {
    Operand<TUint8> apply(Ops tf, Operand<TUint8> x);
  }

  /** Feeds {@code img} (0..255 values) as uint8, as OpenCV holds images, and returns the uint8 result. */
  static FloatNdArray uint8(FloatNdArray img, Uint8Fn f) {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<TUint8> x = tf.dtypes.cast(Eager.constant(tf, img), TUint8.class);
      try (Result r = ctx.runner().fetch(tf.dtypes.cast(f.apply(tf, x), TFloat32.class)).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        FloatNdArray out = NdArrays.ofFloats(t.shape());
        t.copyTo(out);
        return out;
      }
    }
  }

  /** The corner {@code randomCrop} draws for this image size and seed: crop an image of coordinates. */
  static List<Object> corner(FloatNdArray img, int[] size, long seed) {
    long h = img.shape().get(0);
    long w = img.shape().get(1);
    FloatNdArray coords = NdArrays.ofFloats(org.tensorflow.ndarray.Shape.of(h, w, 1));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        coords.setFloat(y * 4096 + x, y, x, 0);
      }
    }
    FloatNdArray c = Augmentation.randomCrop(coords, size, seed);
    int v = (int) c.getFloat(0, 0, 0);
    return List.of(v / 4096, v % 4096);
  }

  static int[] ints(List<Number> l) {
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i).intValue();
    }
    return out;
  }
}
