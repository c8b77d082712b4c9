package org.jkeras.cli;

import static org.jkeras.Kwargs.overwrite;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.History;
import org.jkeras.models.Model;
import org.jkeras.models.Models;
import org.jkeras.saving.KerasFile;
import org.jkeras.saving.LegacyH5Model;
import org.jkeras.saving.SavedModelScan;
import org.jkeras.saving.SavedModels;
import org.jkeras.utils.OutputTarget;
import org.tensorflow.ndarray.Shape;

/**
 * The model files the commands read and write, whatever the option parser: {@code --model} is a
 * Keras {@code .keras} file (from Python's {@code model.save} or jkeras's), a legacy Keras {@code
 * .h5} model file, or a SavedModel folder written by jkeras; {@code --out} ending in {@code .keras}
 * writes that format, any other path a SavedModel folder.
 */
final class ModelSource {
  private ModelSource() {}

  /** True when {@code path} names a Keras model file ({@code .keras}, {@code .h5}) rather than a folder. */
  static boolean isModelFile(Path path) {
    return KerasFile.isKerasPath(path) || LegacyH5Model.isLegacyPath(path);
  }

  /**
   * Loads the model at {@code path} (see the class comment). A SavedModel's graph never runs (the
   * model is rebuilt from its config and checkpoint), but one whose graph reaches outside itself
   * has been tampered with and is refused unless {@code trust}.
   *
   * @param option how the command names the path in messages ({@code --model})
   */
  static Model open(Path path, boolean trust, String option) throws IOException {
    if (isModelFile(path)) {
      if (!Files.isRegularFile(path)) {
        throw new FileNotFoundException(option + " " + path + ": no such file");
      }
      return Models.loadModel(path);
    }
    if (!Files.isDirectory(path)) {
      throw new FileNotFoundException(option + " " + path + ": no such file or folder (a .keras or .h5 file, or a"
          + " folder written by 'jkeras train')");
    }
    if (!trust && Files.isRegularFile(path.resolve("saved_model.pb"))) {
      SavedModelScan.scan(path).requireSafe();
    }
    return Models.loadModel(path);
  }

  /** The class names saved with the model ({@code metadata.json} or {@code jkeras_model.json}), or null. */
  @SuppressWarnings("unchecked")
  static List<String> classNames(Path path) throws IOException {
    Object names = KerasFile.isKerasPath(path) ? KerasFile.readMetadata(path).get("class_names")
        : Files.isDirectory(path) ? Models.metadata(path).get("class_names") : null;
    if (names != null && !(names instanceof List && ((List<Object>) names).stream().allMatch(String.class::isInstance))) {
      Path where = KerasFile.isKerasPath(path) ? path.resolve("metadata.json") : path.resolve(SavedModels.CONFIG_FILE);
      throw new IllegalArgumentException(where + ": \"class_names\" is not a list of strings.");
    }
    return (List<String>) names;
  }

  /** The (height, width, channels) images {@code model} takes, from its input shape. */
  static int[] imageShape(Model model, Path path) {
    Shape in = model.builtInputShape();
    if (model.inputs().size() != 1 || in == null || in.numDimensions() != 4 || in.get(1) <= 0 || in.get(2) <= 0
        || in.get(3) <= 0) {
      throw new IllegalArgumentException("--model " + path + ": expected a model of one image input (batch, height, width,"
          + " channels), found input shape " + (in == null ? "none" : in) + ".");
    }
    return new int[] {(int) in.get(1), (int) in.get(2), (int) in.get(3)};
  }

  /**
   * How an image folder's labels fit the model: {@code binary} for one output unit, {@code int}
   * for a model compiled with {@code sparse_categorical_crossentropy}, else {@code categorical}.
   */
  static String labelMode(Model model) {
    Shape out = model.outputs().get(0).shape();
    if (out.numDimensions() == 2 && out.get(1) == 1) {
      return "binary";
    }
    Map<String, Object> compile = model.getCompileConfig();
    return compile != null && "sparse_categorical_crossentropy".equals(compile.get("loss")) ? "int" : "categorical";
  }

  /** What {@code --out} may replace: a {@code .keras} file, or a SavedModel folder. */
  static OutputTarget target(Path out) {
    return KerasFile.isKerasPath(out) ? KerasFile.TARGET : SavedModels.TARGET;
  }

  /**
   * Saves a trained model at {@code out}: a {@code .keras} file with the class names in its {@code
   * metadata.json}, or a SavedModel folder with the class names and {@code history.csv}.
   *
   * @return what was written, for the command's last line
   */
  static String save(Model model, Path out, List<String> classNames, History history, boolean overwrite)
      throws IOException {
    Map<String, Object> meta = new LinkedHashMap<>();
    if (classNames != null) {
      meta.put("class_names", classNames);
    }
    if (KerasFile.isKerasPath(out)) {
      model.save(out, meta, overwrite(overwrite));
      return "Saved the model to " + out + " (Keras .keras file; Python's keras.models.load_model opens it)";
    }
    SavedModels.export(model, model.trainer().compiled() ? model.optimizer() : null, out, model.saveConfig(meta),
        Map.of("history.csv", history.toCsv().getBytes(StandardCharsets.UTF_8)), overwrite);
    return "Saved the model to " + out + " (SavedModel, signature serving_default) and its history to "
        + out.resolve("history.csv");
  }
}
