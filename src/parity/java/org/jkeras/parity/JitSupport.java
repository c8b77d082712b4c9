package org.jkeras.parity;

import static org.jkeras.Kwargs.jitCompile;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.optimizer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.preprocessing.RandomCrop;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomPerspective;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomShear;
import org.jkeras.layers.preprocessing.RandomTranslation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;

/** Java side of cases/jit_support.py: per model, {@code jitCompile()} after {@code compile(jitCompile(true))}. */
public final class JitSupport {
  static final List<String> KINDS = List.of("dense", "random_flip", "random_crop", "random_rotation", "random_zoom",
      "random_translation", "random_shear", "random_perspective", "nested_rotation");

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String kind : KINDS) {
      try (Model m = model(kind)) {
        m.compile(optimizer("adam"), loss("binary_crossentropy"), jitCompile(true));
        out.put(kind, m.trainer().jitCompile());
      }
    }
    Parity.result(work, out);
  }

  static Model model(String kind) {
    Layer aug = switch (kind) {
      case "dense" -> null;
      case "random_flip" -> new RandomFlip();
      case "random_crop" -> new RandomCrop(6, 6);
      case "random_rotation" -> new RandomRotation(0.1);
      case "random_zoom" -> new RandomZoom(0.1);
      case "random_translation" -> new RandomTranslation(0.1, 0.1);
      case "random_shear" -> new RandomShear(0.1, 0.1);
      case "random_perspective" -> new RandomPerspective();
      case "nested_rotation" -> new Sequential("augment", new RandomRotation(0.1));
      default -> throw new IllegalArgumentException(kind);
    };
    if (kind.equals("nested_rotation")) {
      KerasTensor inp = Input.of(8, 8, 3);
      KerasTensor x = new Flatten().apply(aug.apply(inp));
      return new Model(inp, new Dense(1).activation("sigmoid").apply(x));
    }
    Sequential s = new Sequential(new InputLayer(8, 8, 3));
    if (aug != null) {
      s.add(aug);
    }
    s.add(new Flatten());
    s.add(new Dense(1).activation("sigmoid"));
    return s;
  }
}
