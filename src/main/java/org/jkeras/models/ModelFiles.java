package org.jkeras.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jkeras.kwargs.Args;
import org.jkeras.layers.Layer;
import org.jkeras.saving.KerasFile;
import org.jkeras.saving.LegacyH5Model;
import org.jkeras.saving.LegacyH5OptimizerWeights;
import org.jkeras.saving.Serialization;
import org.jkeras.saving.SerializationScope;

/**
 * Models from Keras's files, the models side of {@code load_model}: the file is read and checked
 * by the saving package ({@link KerasFile}, {@link LegacyH5Model}), the model built here from its
 * config under the caller's {@code customObjects} and {@code safeMode}, its weights loaded, and
 * it is compiled from the file's compile config unless {@code compile(false)}. A model that fails
 * at any step after it is built is closed, and the error names the file.
 */
final class ModelFiles {
  private ModelFiles() {}

  /** The arguments of {@code load_model}, with Keras's defaults. */
  record Options(Map<String, Function<Map<String, Object>, ?>> customObjects, boolean compile, boolean safeMode) {
    static Options of(Args.LoadModelArg[] args) {
      Args.CustomObjects custom = Args.find(args, Args.CustomObjects.class);
      Args.Compile compile = Args.find(args, Args.Compile.class);
      Args.SafeMode safe = Args.find(args, Args.SafeMode.class);
      return new Options(custom == null ? Map.of() : custom.value(), compile == null || compile.value(),
          safe == null || safe.value());
    }
  }

  /** A {@code .keras} file. */
  @SuppressWarnings("unchecked")
  static Model keras(Path file, Options options) throws IOException {
    KerasFile.Contents contents = KerasFile.read(file);
    Model model = build(contents.config(), file, "config.json", options);
    try {
      // Keras's order: compile_from_config builds the optimizer, then the state loads into it.
      Object compile = contents.config().get("compile_config");
      if (options.compile() && compile instanceof Map<?, ?> c && !c.isEmpty()) {
        compile(model, (Map<String, Object>) c, file);
      }
      KerasFile.loadWeights(model, model.trainer().compiled() ? model.optimizer() : null, contents);
      model.writePendingValues();
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** A Keras 2 (legacy HDF5) whole-model file. */
  static Model legacyH5(Path file, Options options) throws IOException {
    LegacyH5Model.Contents contents = LegacyH5Model.read(file);
    Model model = build(contents.modelConfig(), file, "its model_config", options);
    try {
      LegacyH5Model.loadWeights(model, file);
      if (options.compile() && contents.trainingConfig() != null) {
        compile(model, fromTrainingConfig(contents.trainingConfig()), file);
        // Keras's order: compile, build the optimizer, then set its saved state.
        LegacyH5OptimizerWeights.load(model.optimizer(), file);
      }
      model.writePendingValues();
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The model {@code config} describes, built under {@code options}' custom objects and safe mode.
   *
   * @throws IllegalArgumentException naming the file and the layer when a class is unknown or
   *     refused, a config does not describe its layer, or the tree is not a model
   */
  static Model build(Map<String, Object> config, Path file, String where, Options options) {
    Layer built;
    try (SerializationScope scope = SerializationScope.open(options.customObjects(), options.safeMode())) {
      built = Serialization.deserialize(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file.toAbsolutePath() + ": " + where + " does not describe a model jkeras can"
          + " build: " + e.getMessage() + " Nothing was loaded.", e);
    }
    if (!(built instanceof Model model)) {
      throw new IllegalArgumentException(file.toAbsolutePath() + ": " + where + " describes a " + built.className()
          + " layer, not a model. Nothing was loaded.");
    }
    return model;
  }

  /** Keras's {@code compile_from_config}; an error says how to load the model without it. */
  private static void compile(Model model, Map<String, Object> compileConfig, Path file) {
    try {
      model.compileFromConfig(compileConfig);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file.toAbsolutePath() + ": the model's compile config cannot be used ("
          + e.getMessage() + "). Load it with compile(false) and compile it yourself.", e);
    }
  }

  /** Keras 2's {@code training_config} as a compile config: {@code optimizer_config} becomes {@code optimizer}. */
  private static Map<String, Object> fromTrainingConfig(Map<String, Object> training) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("optimizer", training.get("optimizer_config"));
    for (String key : List.of("loss", "loss_weights", "metrics", "weighted_metrics")) {
      c.put(key, training.get(key));
    }
    return c;
  }
}
