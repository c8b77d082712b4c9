package org.jkeras.applications;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jkeras.models.Model;
import org.jkeras.saving.WeightLoading;

/**
 * The {@code weights} argument of an application: {@code "imagenet"} (Keras's file, found
 * locally), {@code null} (random), or the path of a weight file or SavedModel.
 */
final class PretrainedWeights {
  private PretrainedWeights() {}

  /** null, "none" and "None" all mean Keras's {@code weights=None}. */
  static String normalize(String weights) {
    return weights == null || weights.equalsIgnoreCase("none") ? null : weights;
  }

  /** Keras's check of the argument, before anything is built. */
  static void checkArgument(String weights) {
    if (weights == null || weights.equals("imagenet") || Files.exists(Path.of(weights))) {
      return;
    }
    throw new IllegalArgumentException("The `weights` argument should be either `None` (random initialization), 'imagenet'"
        + " (pre-training on ImageNet), or the path to the weights file to be loaded.  Received: weights=" + weights
        + " (no such file or folder: " + Path.of(weights).toAbsolutePath() + ")");
  }

  /**
   * Loads {@code weights} into {@code model}: for "imagenet", Keras's {@code file} from the Keras
   * cache (nothing downloads); unchecked so that the constructors read like Keras.
   *
   * @param call the Keras call, for the message when the file is missing
   */
  static void load(Model model, String weights, KerasFile file, String call) {
    if (weights == null) {
      return;
    }
    try {
      Path path = weights.equals("imagenet") ? ImagenetUtils.kerasWeightFile(file, call) : Path.of(weights);
      WeightLoading.load(model, path);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
