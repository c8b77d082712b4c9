package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

/**
 * Loads weights written by Keras (or jkeras) into a model built in Java, by layer and weight name:
 *
 * <ul>
 *   <li>an HDF5 weight file, in Keras's legacy layout (the {@code keras.applications} ImageNet
 *       files) or Keras 3's {@code .weights.h5}: one entry per layer, matched by layer name;
 *   <li>a SavedModel folder (Python Keras's {@code model.export}, {@code tf.saved_model.save}, or
 *       jkeras's export): each weight read from the checkpoint by its variable name
 *       ({@code block1_conv1/kernel}); variables the model does not need are ignored.
 * </ul>
 *
 * <p>Everything is checked (every weight present, every shape equal) before the first weight is
 * set: a file that does not fit the model is refused whole, with an error naming the file and the
 * layers at fault. An HDF5 file is data from anywhere: its datasets are matched to the model
 * before any value is read, so what is read is bounded by the model's size; links are refused and
 * never followed; NaN or infinite values are refused unless asked for.
 */
public final class WeightLoading {
  private WeightLoading() {}

  /** A SavedModel folder or an HDF5 weight file, by what {@code path} is; non-finite weights refused. */
  public static void load(Layer model, Path path) throws IOException {
    load(model, path, false);
  }

  /**
   * A SavedModel folder or an HDF5 weight file, by what {@code path} is. {@code allowNonFinite}
   * loads NaN or infinite values from an HDF5 file, as Keras does; by default they are refused
   * (a SavedModel's variables are read by {@link #loadSavedModel}, which does not check them).
   */
  public static void load(Layer model, Path path, boolean allowNonFinite) throws IOException {
    if (Files.isDirectory(path)) {
      loadSavedModel(model, path);
    } else {
      loadFile(model, path, allowNonFinite);
    }
  }

  /** An HDF5 weight file (legacy layout or Keras 3 {@code .weights.h5}), matched by layer name; non-finite weights refused. */
  public static void loadFile(Layer model, Path file) throws IOException {
    loadFile(model, file, false);
  }

  /**
   * An HDF5 weight file (legacy layout or Keras 3 {@code .weights.h5}), matched by layer name.
   * The file is checked against the model (layer names, weight counts, every dataset's shape,
   * type and storage) before any value is read, and every value is read before any weight is
   * set; NaN or infinite values are refused unless {@code allowNonFinite}.
   *
   * @throws IOException naming the file when it is missing, not HDF5, damaged, or holds links
   * @throws IllegalArgumentException naming the file and the layers at fault when it does not fit
   *     the model, or holds non-finite values
   */
  public static void loadFile(Layer model, Path file, boolean allowNonFinite) throws IOException {
    List<String> problems = new ArrayList<>();
    boolean keras3 = false;
    try (HdfFile f = Hdf5Reading.open(file); FileChannel channel = FileChannel.open(file);
        WeightDatasets chosen = new WeightDatasets(file, Files.size(file), HdfRegion.wholeFile(file, channel, f))) {
      try {
        if (LegacyH5Weights.isLegacyLayout(f, file)) {
          List<Layer> layers = layersWithWeights(model);
          matchByLayer(layers, Layer::weights, byModelLayer(layers, LegacyH5Weights.index(f, file), problems), chosen, problems);
          if (problems.isEmpty()) {
            chosen.read();
          }
        } else if (Hdf5Reading.group(f, "layers", file) != null) {
          keras3 = true; // Keras 3's .weights.h5: matched by Keras's own object paths, below
        } else {
          throw new IOException(Hdf5Reading.oneLine(file.toAbsolutePath() + " is an HDF5 file but not a Keras weight file:"
              + " it has neither the legacy `layer_names` attribute nor Keras 3's `layers` group."));
        }
      } catch (RuntimeException | StackOverflowError e) {
        throw Hdf5Reading.unreadable(file, e);
      }
      if (!keras3) {
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(Hdf5Reading.oneLine("Cannot load the weights of " + file.toAbsolutePath()
              + " into model \"" + model.name() + "\": " + Hdf5Reading.listed(problems) + ". Nothing was loaded."));
        }
        chosen.assign("model \"" + model.name() + "\"", allowNonFinite);
        return;
      }
    }
    WeightsFile.load(model, file, allowNonFinite);
  }

  /** The layers of {@code model} that own weights, nested models flattened, in call order. */
  static List<Layer> layersWithWeights(Layer model) {
    List<Layer> out = new ArrayList<>();
    for (Layer l : model.containedLayers()) {
      if (l.containedLayers() != null) {
        out.addAll(layersWithWeights(l));
      } else if (!l.weights().isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  /**
   * The file's layers keyed by the model layer each loads into. Keras 3 matches a legacy file by
   * order ({@code load_weights_from_hdf5_group}: the k-th layer with weights takes the k-th saved
   * one, whatever their names), so a file written by a model whose layers were named otherwise
   * ({@code dense_7} for {@code dense}) loads. When every name matches, by name (the same pairs
   * when the orders agree); when the counts differ, Keras's "Layer count mismatch" goes to
   * {@code problems}, and the names say which layers differ.
   */
  static Map<String, List<Dataset>> byModelLayer(List<Layer> layers, Map<String, List<Dataset>> saved,
      List<String> problems) {
    boolean allNamed = layers.stream().allMatch(l -> saved.containsKey(l.name()));
    if (allNamed && layers.size() == saved.size()) {
      return saved;
    }
    if (layers.size() != saved.size()) {
      problems.add("Layer count mismatch: the model expected " + layers.size() + " layers with weights, found "
          + saved.size() + " saved layers");
      return saved;
    }
    Map<String, List<Dataset>> byOrder = new LinkedHashMap<>();
    int k = 0;
    for (List<Dataset> datasets : saved.values()) {
      byOrder.put(layers.get(k++).name(), datasets);
    }
    return byOrder;
  }

  /**
   * The legacy layout: each of {@code layers} finds its weights ({@code weightsOf}, in the file's
   * order) under its name; every mismatch goes to {@code problems}.
   */
  static void matchByLayer(List<Layer> layers, Function<Layer, List<KerasVariable>> weightsOf,
      Map<String, List<Dataset>> byLayer, WeightDatasets chosen, List<String> problems) {
    List<String> names = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Layer l : layers) {
      names.add(l.name());
      if (!byLayer.containsKey(l.name())) {
        missing.add(l.name());
      }
    }
    if (!missing.isEmpty()) {
      problems.add("it has no weights for layer(s) " + missing);
    }
    List<String> extra = new ArrayList<>(byLayer.keySet());
    extra.removeAll(names);
    if (!extra.isEmpty()) {
      problems.add("it holds weights for layer(s) " + SavedModelCheckpoint.abbreviated(extra) + " that the model does not have");
    }
    for (Layer l : layers) {
      List<Dataset> saved = byLayer.get(l.name());
      if (saved == null) {
        continue;
      }
      List<KerasVariable> ws = weightsOf.apply(l);
      if (saved.size() != ws.size()) {
        problems.add("layer `" + l.name() + "` has " + ws.size() + " weight(s) " + describe(ws) + ", the file has " + saved.size());
        continue;
      }
      for (int i = 0; i < ws.size(); i++) {
        Shape stored = Shape.of(saved.get(i).getDimensionsAsLong());
        String type = WeightDatasets.typeProblem(saved.get(i));
        if (!ws.get(i).shape().equals(stored)) {
          problems.add("layer `" + l.name() + "`: weight `" + ws.get(i).name() + "` has shape " + Shapes.format(ws.get(i).shape())
              + ", the file's has shape " + Shapes.format(stored) + " (" + saved.get(i).getPath() + ")");
        } else if (type != null) {
          problems.add("layer `" + l.name() + "`: weight `" + ws.get(i).name() + "`: the file's dataset " + saved.get(i).getPath()
              + " " + type);
        } else {
          chosen.add(ws.get(i), saved.get(i));
        }
      }
    }
  }

  private static String describe(List<KerasVariable> ws) {
    List<String> s = new ArrayList<>();
    for (KerasVariable v : ws) {
      s.add(v.name() + " " + Shapes.format(v.shape()));
    }
    return s.toString();
  }

  /**
   * The variables of a SavedModel, by name: each weight {@code layer/name} of the model takes the
   * variable of that name, or the one variable whose name ends with {@code /layer/name} (a model
   * nested in another). Other variables are ignored.
   */
  public static void loadSavedModel(Layer model, Path dir) throws IOException {
    SavedModelCheckpoint ckpt = SavedModelCheckpoint.open(dir);
    List<KerasVariable> weights = model.weights();
    List<String> names = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> ambiguous = new ArrayList<>();
    for (KerasVariable w : weights) {
      String found = null;
      if (ckpt.has(w.path())) {
        found = w.path();
      } else {
        List<String> candidates = new ArrayList<>();
        for (String n : ckpt.variables().keySet()) {
          if (n.endsWith("/" + w.path())) {
            candidates.add(n);
          }
        }
        if (candidates.size() == 1) {
          found = candidates.get(0);
        } else if (candidates.size() > 1) {
          ambiguous.add(w.path() + " " + candidates);
        } else {
          missing.add(w.path());
        }
      }
      names.add(found);
    }
    if (!missing.isEmpty() || !ambiguous.isEmpty()) {
      throw new IllegalArgumentException("Cannot load the weights of the SavedModel in " + dir + " into model \"" + model.name()
          + "\": " + (missing.isEmpty() ? "" : "it has no variable(s) " + SavedModelCheckpoint.abbreviated(missing)
          + " (its variables: " + SavedModelCheckpoint.abbreviated(new ArrayList<>(ckpt.variables().keySet())) + ")")
          + (missing.isEmpty() || ambiguous.isEmpty() ? "" : "; ")
          + (ambiguous.isEmpty() ? "" : "several variables match " + ambiguous) + ". Nothing was loaded.");
    }
    Map<String, FloatNdArray> values = ckpt.read(names);
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < weights.size(); i++) {
      FloatNdArray v = values.get(names.get(i));
      if (!v.shape().equals(weights.get(i).shape())) {
        problems.add("weight `" + weights.get(i).path() + "` has shape " + Shapes.format(weights.get(i).shape())
            + ", variable `" + names.get(i) + "` has shape " + Shapes.format(v.shape()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Cannot load the weights of the SavedModel in " + dir + " into model \"" + model.name()
          + "\": " + String.join("; ", problems.subList(0, Math.min(6, problems.size())))
          + (problems.size() > 6 ? "; and " + (problems.size() - 6) + " more" : "") + ". Nothing was loaded.");
    }
    for (int i = 0; i < weights.size(); i++) {
      weights.get(i).assign(values.get(names.get(i)));
    }
  }
}
