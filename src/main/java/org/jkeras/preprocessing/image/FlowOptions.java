package org.jkeras.preprocessing.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jkeras.kwargs.Args;

/** The keyword arguments of the {@code flow*} methods, with Keras's defaults, checked as Keras checks them. */
record FlowOptions(int height, int width, String colorMode, List<String> classes, String classMode, int batchSize,
    boolean shuffle, Long seed, String subset, boolean followLinks, String interpolation, boolean keepAspectRatio,
    String xCol, String yCol, Path directory) {

  static final Set<String> CLASS_MODES = new LinkedHashSet<>(Arrays.asList("categorical", "binary", "sparse", "input", null));

  static FlowOptions parse(Args.FlowArg[] kwargs, String defaultClassMode) {
    Args.TargetSize ts = Args.find(kwargs, Args.TargetSize.class);
    Args.ColorMode cm = Args.find(kwargs, Args.ColorMode.class);
    Args.Classes cl = Args.find(kwargs, Args.Classes.class);
    Args.ClassMode mode = Args.find(kwargs, Args.ClassMode.class);
    Args.BatchSize bs = Args.find(kwargs, Args.BatchSize.class);
    Args.Shuffle sh = Args.find(kwargs, Args.Shuffle.class);
    Args.Seed sd = Args.find(kwargs, Args.Seed.class);
    Args.Subset ss = Args.find(kwargs, Args.Subset.class);
    Args.FollowLinks fl = Args.find(kwargs, Args.FollowLinks.class);
    Args.Interpolation ip = Args.find(kwargs, Args.Interpolation.class);
    Args.KeepAspectRatio ka = Args.find(kwargs, Args.KeepAspectRatio.class);
    Args.XCol xc = Args.find(kwargs, Args.XCol.class);
    Args.YCol yc = Args.find(kwargs, Args.YCol.class);
    Args.Directory dir = Args.find(kwargs, Args.Directory.class);
    String colorMode = cm == null ? "rgb" : cm.value();
    if (!List.of("rgb", "rgba", "grayscale").contains(colorMode)) {
      throw new IllegalArgumentException("Invalid color mode: " + colorMode + "; expected \"rgb\", \"rgba\", or \"grayscale\".");
    }
    String subset = ss == null ? null : ss.value();
    if (subset != null && !subset.equals("training") && !subset.equals("validation")) {
      throw new IllegalArgumentException("Invalid subset name: " + subset + "; expected \"training\" or \"validation\".");
    }
    return new FlowOptions(ts == null ? 256 : ts.height(), ts == null ? 256 : ts.width(), colorMode,
        cl == null ? null : cl.value(), mode == null ? defaultClassMode : mode.value(), bs == null ? 32 : bs.value(),
        sh == null || sh.value(), sd == null ? null : sd.value(), subset, fl != null && fl.value(),
        ip == null ? "nearest" : ip.value(), ka != null && ka.value(), xc == null ? "filename" : xc.value(), yc == null ? "class" : yc.value(),
        dir == null ? null : dir.value());
  }

  int channels() {
    return switch (colorMode) {
      case "grayscale" -> 1;
      case "rgba" -> 4;
      default -> 3;
    };
  }

  void checkClassMode(Set<String> allowed) {
    if (!allowed.contains(classMode)) {
      throw new IllegalArgumentException("Invalid class_mode: " + classMode + "; expected one of: " + allowed);
    }
  }

  /**
   * Keras's {@code split} of the files for {@code subset} ({@code (0, validation_split)} for
   * "validation", {@code (validation_split, 1)} for "training"), as the [start, stop) of {@code n}
   * items: {@code int(split[0] * n)}, {@code int(split[1] * n)}.
   */
  int[] split(int n, double validationSplit) {
    if (subset == null) {
      return new int[] {0, n};
    }
    double lo = subset.equals("validation") ? 0 : validationSplit;
    double hi = subset.equals("validation") ? validationSplit : 1;
    return new int[] {(int) (lo * n), (int) (hi * n)};
  }
}
