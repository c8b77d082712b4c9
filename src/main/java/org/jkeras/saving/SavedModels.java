package org.jkeras.saving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Scopes;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.utils.OutputTarget;
import org.jkeras.utils.Json;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Writes a model as a TensorFlow SavedModel that TF-Java and Python ({@code tf.saved_model.load})
 * serve: signature {@code serving_default}, input {@code inputs} (float32, the model's input shape
 * with a free batch dimension), output {@code output_0}.
 *
 * <p>The export graph is a fresh inference-only graph (no optimizer state, no training ops) whose
 * variables carry the weights' paths as names ({@code conv2d/kernel}...). It is written beside the
 * target and moved into place only when complete ({@link OutputTarget}), so an existing model at
 * the target survives any failure, even a kill, and nothing but a SavedModel is ever replaced.
 */
public final class SavedModels {
  public static final String CONFIG_FILE = "jkeras_model.json";
  /** The optimizer's state of a compiled model, in Keras's {@code .weights.h5} layout ({@code optimizer/vars}). */
  public static final String OPTIMIZER_FILE = "optimizer.weights.h5";
  public static final String SERVING_KEY = "serving_default";
  public static final String INPUT_NAME = "inputs";
  public static final String OUTPUT_NAME = "output_0";

  private SavedModels() {}

  /**
   * What an export may replace: a SavedModel folder (it holds {@code saved_model.pb}) with nothing in
   * it but what a SavedModel, jkeras's config and the CLI's {@code history.csv} put there.
   */
  public static final OutputTarget TARGET = OutputTarget.folder("a SavedModel folder", SavedModels::isSavedModelFolder);

  private static final Set<String> MODEL_FOLDER_ENTRIES = Set.of("saved_model.pb", "saved_model.pbtxt", "fingerprint.pb",
      "variables", "assets", "assets.extra", "keras_metadata.pb", CONFIG_FILE, OPTIMIZER_FILE,
      "history.csv");

  /** True for a folder holding a SavedModel and nothing else. */
  public static boolean isSavedModelFolder(Path dir) {
    boolean graph = false;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        String name = p.getFileName().toString();
        if (!MODEL_FOLDER_ENTRIES.contains(name)) {
          return false;
        }
        graph |= name.startsWith("saved_model.");
      }
    } catch (IOException e) {
      return false;
    }
    return graph;
  }

  /** Keras's {@code model.export(dir)}: the SavedModel alone, no jkeras config. */
  public static void export(Layer model, Path dir) throws IOException {
    export(model, dir, null, Map.of(), true);
  }

  /**
   * Writes the SavedModel of {@code model} at {@code dir}, with {@code jkeras_model.json} when
   * {@code config} is not null (the model's config, its weights' variable names, then the entries
   * of {@code config}: the compile config, class names...), extra files written into the folder
   * with it ({@code history.csv}), and Keras's {@code overwrite}: whether an existing SavedModel at
   * {@code dir} may be replaced. Anything else at {@code dir} is refused before the export starts
   * (see {@link OutputTarget}).
   */
  public static void export(Layer model, Path dir, Map<String, Object> config, Map<String, byte[]> extraFiles,
      boolean overwrite) throws IOException {
    export(model, null, dir, config, extraFiles, overwrite);
  }

  /**
   * {@link #export(Layer, Path, Map, Map, boolean)} with the state of {@code optimizer} (the
   * model's compiled one, or null) in {@link #OPTIMIZER_FILE}, so that training resumed from the
   * folder continues where it stopped (iterations, moments...).
   */
  public static void export(Layer model, Optimizer optimizer, Path dir, Map<String, Object> config,
      Map<String, byte[]> extraFiles, boolean overwrite) throws IOException {
    if (model.builtInputShape() == null) {
      throw new IllegalStateException(
          "Model \"" + model.name() + "\" is not built: it has no input shape yet, so there is nothing to export.");
    }
    int outputs = model.computeOutputShapes(model.builtInputShapes()).size();
    if (model.builtInputShapes().size() != 1 || outputs != 1) {
      throw new IllegalArgumentException("jkeras exports models of one input and one output as SavedModels so far; model \""
          + model.name() + "\" has " + model.builtInputShapes().size() + " inputs and " + outputs + " outputs.");
    }
    // The model's config first: a layer that cannot be serialised (Lambda) refuses before anything is written.
    Map<String, Object> modelConfig = config == null ? null : Serialization.serialize(model);
    TARGET.write(dir, overwrite, "filepath", stage -> {
      List<String> names = writeSavedModel(model, stage);
      if (config != null) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("format", "jkeras");
        cfg.put("version", 1);
        cfg.put("model", modelConfig);
        cfg.put("weights", names);
        cfg.putAll(config);
        Files.writeString(stage.resolve(CONFIG_FILE), Json.write(cfg), StandardCharsets.UTF_8);
      }
      if (optimizer != null) {
        WeightsFile.writeOptimizer(optimizer, stage.resolve(OPTIMIZER_FILE));
      }
      for (Map.Entry<String, byte[]> f : extraFiles.entrySet()) {
        Files.write(stage.resolve(f.getKey()), f.getValue());
      }
    });
  }

  /** Exports the inference graph with the model's weights into the new folder {@code dir}; returns the variable names. */
  private static List<String> writeSavedModel(Layer model, Path dir) throws IOException {
    List<KerasVariable> weights = model.weights();
    List<String> names = variableNames(weights);
    List<FloatNdArray> values = KerasVariable.getValues(weights);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Map<KerasVariable, Operand<TFloat32>> vars = new IdentityHashMap<>();
      Scopes scopes = new Scopes(tf);
      for (int i = 0; i < weights.size(); i++) {
        Variable<TFloat32> var = scopes.named(names.get(i)).variable(weights.get(i).shape(), TFloat32.class);
        vars.put(weights.get(i), var);
      }
      Placeholder<TFloat32> x = tf.withName("inputs").placeholder(TFloat32.class,
          Placeholder.shape(Shapes.withBatch(Shapes.sample(model.builtInputShape()))));
      // The layers' own code builds the graph; its context reads each weight from the export's variable.
      CallContext ctx = CallContext.create(tf.withSubScope(model.name()), false, vars::get, tf.constant(0L));
      Operand<TFloat32> y = tf.withName("output_0").identity(model.call(ctx, List.of(x)).get(0));
      for (int i = 0; i < weights.size(); i++) {
        Operand<TFloat32> var = vars.get(weights.get(i));
        Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(weights.get(i).shape()));
        try (TFloat32 t = TFloat32.tensorOf(weights.get(i).shape())) {
          values.get(i).copyTo(t);
          s.runner().feed(in, t).addTarget(tf.assign(var, in)).run();
        }
      }
      Signature sig = Signature.builder().key(SERVING_KEY).methodName("tensorflow/serving/predict")
          .input(INPUT_NAME, x).output(OUTPUT_NAME, y).build();
      SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(sig).export();
    }
    return names;
  }

  /** The variable name of each weight in an export: its path, with a suffix where two paths clash. */
  public static List<String> variableNames(List<KerasVariable> weights) {
    List<String> used = new ArrayList<>();
    for (KerasVariable v : weights) {
      String name = v.path();
      for (int k = 1; used.contains(name); k++) {
        name = v.path() + "_" + k;
      }
      used.add(name);
    }
    return used;
  }
}
