package org.jkeras.models;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.callbacks.History;
import org.jkeras.data.Dataset;
import org.jkeras.distribute.MultiWorkerMirroredStrategy;
import org.jkeras.kwargs.Args;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.Node;
import org.jkeras.losses.Loss;
import org.jkeras.metrics.Metric;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.saving.KerasFile;
import org.jkeras.saving.LegacyH5Model;
import org.jkeras.saving.serialization.Config;
import org.jkeras.saving.SavedModels;
import org.jkeras.saving.WeightLoading;
import org.jkeras.saving.WeightsFile;
import org.jkeras.trainers.Trainer;
import org.jkeras.trainers.TrainerModel;
import org.jkeras.utils.Json;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * Keras's functional {@code Model(inputs, outputs)}: the graph of layer calls between symbolic
 * inputs and outputs (one tensor, a list, or a map of named tensors for each); {@link Sequential}
 * is the list form. A model is itself a layer: applied to new tensors, it nests in another model.
 *
 * <pre>{@code
 * KerasTensor image = Input.of("image", 32, 32, 3);
 * KerasTensor x = new Conv2D(16, 3, 3).padding("same").apply(image);
 * x = new Add().apply(x, new Conv2D(16, 3, 3).padding("same").apply(x));
 * Model model = new Model(image, new Dense(1).activation("sigmoid").apply(new GlobalAveragePooling2D().apply(x)));
 * }</pre>
 *
 * <p>The model owns the TensorFlow graph its weights live in (created on first use) and a {@link
 * Trainer} that holds {@code compile}, {@code fit}, {@code evaluate} and {@code predict}. Close the
 * model to free the graph.
 */
public class Model extends Layer implements AutoCloseable, TrainerModel {
  private List<KerasTensor> inputs = List.of();
  private List<KerasTensor> outputs = List.of();
  private List<String> inputNames = List.of();
  private List<String> outputNames = List.of();
  /** Whether the inputs (outputs) were given as a map by name: Keras writes them as a dict then. */
  private boolean inputsByName;
  private boolean outputsByName;
  private FunctionalGraph graph;
  private GraphContext context;
  private final Trainer trainer = new Trainer(this);

  /** For {@link Sequential}. */
  protected Model() {}

  /** Keras's {@code Model(inputs=x, outputs=y)}. */
  public Model(KerasTensor inputs, KerasTensor outputs) {
    this(inputs, outputs, null);
  }

  public Model(KerasTensor inputs, KerasTensor outputs, String name) {
    this(List.of(inputs), List.of(outputs), name);
  }

  /** Keras's {@code Model(inputs=[a, b], outputs=[c, d])}: several inputs and outputs, in order. */
  public Model(List<KerasTensor> inputs, List<KerasTensor> outputs) {
    this(inputs, outputs, null);
  }

  public Model(List<KerasTensor> inputs, List<KerasTensor> outputs, String name) {
    this(inputs, null, outputs, null, name);
  }

  /**
   * Keras's {@code Model(inputs={"a": a, ...}, outputs={"c": c, ...})}: inputs and outputs by name;
   * data, losses and metrics are then given by these names.
   */
  public Model(Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs) {
    this(inputs, outputs, null);
  }

  public Model(Map<String, KerasTensor> inputs, Map<String, KerasTensor> outputs, String name) {
    this(new ArrayList<>(inputs.values()), new ArrayList<>(inputs.keySet()), new ArrayList<>(outputs.values()),
        new ArrayList<>(outputs.keySet()), name);
  }

  /** Keras's {@code Model(inputs=x, outputs={"c": c, ...})}: positional inputs, outputs by name. */
  public Model(List<KerasTensor> inputs, Map<String, KerasTensor> outputs, String name) {
    this(inputs, null, new ArrayList<>(outputs.values()), new ArrayList<>(outputs.keySet()), name);
  }

  /**
   * A functional model whose inputs and outputs are each a list ({@code names} null) or a map by
   * name, as a config describes them.
   */
  static Model of(List<KerasTensor> inputs, List<String> inputNames, List<KerasTensor> outputs, List<String> outputNames,
      String name) {
    return new Model(inputs, inputNames, outputs, outputNames, name);
  }

  private Model(List<KerasTensor> inputs, List<String> inputNames, List<KerasTensor> outputs, List<String> outputNames,
      String name) {
    checkTensors("inputs", inputs);
    checkTensors("outputs", outputs);
    name(name != null ? name : Names.unique("functional"));
    setGraph(inputs, inputNames, outputs, outputNames);
  }

  private static void checkTensors(String what, List<KerasTensor> tensors) {
    if (tensors == null || tensors.isEmpty() || tensors.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("A functional model needs at least one KerasTensor in `" + what + "`. Received: "
          + what + "=" + tensors);
    }
  }

  /** Sets the graph between {@code inputs} and {@code outputs} (names null: Keras's defaults) and builds the model. */
  protected void setGraph(List<KerasTensor> inputs, List<String> inputNames, List<KerasTensor> outputs,
      List<String> outputNames) {
    for (KerasTensor t : inputs) {
      if (!t.node().isInput()) {
        throw new IllegalArgumentException("All `inputs` of a functional model must come from `keras.Input` (Input.of):"
            + " Received: " + t + ", the output of layer \"" + t.layer().name() + "\".");
      }
    }
    for (int i = 0; i < outputs.size(); i++) {
      for (KerasTensor source : outputs.get(i).sourceInputs()) {
        if (!inputs.contains(source)) {
          // Keras's message; the path is empty for a single output, else the index or the key.
          String path = outputs.size() == 1 ? "" : outputNames != null ? outputNames.get(i) : String.valueOf(i);
          throw new IllegalArgumentException("Output with path `" + path + "` is not connected to `inputs`");
        }
      }
    }
    this.graph = FunctionalGraph.map(inputs, outputs);
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.inputNames = inputNames != null ? List.copyOf(inputNames) : layerNames(inputs);
    this.outputNames = outputNames != null ? List.copyOf(outputNames) : layerNames(outputs);
    this.inputsByName = inputNames != null;
    this.outputsByName = outputNames != null;
    List<Shape> shapes = new ArrayList<>();
    for (KerasTensor t : inputs) {
      shapes.add(t.shape());
    }
    ensureBuilt(shapes);
  }

  /** Keras's default names of inputs and outputs: the names of the layers that make them. */
  private static List<String> layerNames(List<KerasTensor> tensors) {
    List<String> out = new ArrayList<>();
    for (KerasTensor t : tensors) {
      out.add(t.layer().name());
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- structure

  /**
   * Keras's {@code model.layers}: a functional model's layers in Keras's order (by depth from the
   * outputs; its input layers first); a {@link Sequential}'s without its input layer.
   */
  public List<Layer> layers() {
    return graph == null ? List.of() : graph.layers;
  }

  @Override
  public List<Layer> containedLayers() {
    return layers();
  }

  /** Keras's {@code get_layer(name)}. */
  public Layer getLayer(String name) {
    for (Layer l : layers()) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    List<String> names = new ArrayList<>();
    for (Layer l : layers()) {
      names.add(l.name());
    }
    throw new IllegalArgumentException("No such layer: " + name + ". Existing layers are: " + names + ".");
  }

  /** Keras's {@code model.inputs}. */
  public List<KerasTensor> inputs() {
    return inputs;
  }

  /** Keras's {@code model.outputs}. */
  public List<KerasTensor> outputs() {
    return outputs;
  }

  /** The names of the inputs: the map keys the model was made with, or its input layers' names. */
  public List<String> inputNames() {
    return inputNames;
  }

  /** The names of the outputs (losses, metrics and logs use them): the map keys, or the names of the layers that make them. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** Whether the inputs were given as a map by name (a config then writes them as a dict). */
  boolean inputsByName() {
    return inputsByName;
  }

  /** Whether the outputs were given as a map by name. */
  boolean outputsByName() {
    return outputsByName;
  }

  /** Keras's {@code model.input}: the symbolic input of a one-input model (null for an unbuilt Sequential). */
  public KerasTensor input() {
    return inputs.isEmpty() ? null : singleTensor(inputs, "input");
  }

  /** Keras's {@code model.output}: the symbolic output of a one-output model, to stack new layers on (transfer learning). */
  public KerasTensor output() {
    return outputs.isEmpty() ? null : singleTensor(outputs, "output");
  }

  private KerasTensor singleTensor(List<KerasTensor> tensors, String what) {
    if (tensors.size() != 1) {
      throw new IllegalStateException("Model \"" + name() + "\" has " + tensors.size() + " " + what + "s: use " + what
          + "s() instead of " + what + "().");
    }
    return tensors.get(0);
  }

  @Override
  public String className() {
    return getClass() == Model.class ? "Functional" : getClass().getSimpleName();
  }

  /** The model's computing layers (its input layers aside), each once: whose weights the model holds. */
  @Override
  public List<Layer> trackedLayers() {
    return graph == null ? List.of() : graph.computingLayers();
  }

  /** The nodes this model runs, in order (for {@code summary()}). */
  List<Node> nodes() {
    return graph == null ? List.of() : graph.nodes;
  }

  // ---------------------------------------------------------------- layer API

  /** Keras's {@code Model.call(inputs, training=None, mask=None)}. */
  @Override
  public boolean callTakesMask() {
    return true;
  }

  /** A functional model is built when it is made; a model applied to new tensors checks their shapes. */
  @Override
  public void build(List<Shape> inputShapes) {}

  @Override
  protected void validateInputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() != inputs.size()) {
      throw new IllegalArgumentException("Model \"" + name() + "\" expects " + inputs.size() + " input(s), but it received "
          + inputShapes.size() + " input tensors.");
    }
  }

  /** The forward pass: the graph's nodes in order, each layer called on what earlier nodes computed. */
  @Override
  public List<Operand<TFloat32>> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    if (xs.size() != inputs.size()) {
      throw new IllegalArgumentException("Model \"" + name() + "\" expects " + inputs.size() + " input(s), but it received "
          + xs.size() + ".");
    }
    Map<KerasTensor, Operand<TFloat32>> values = new IdentityHashMap<>();
    for (int i = 0; i < xs.size(); i++) {
      values.put(inputs.get(i), xs.get(i));
    }
    for (Node node : graph.nodes) {
      if (node.isInput()) {
        continue;
      }
      List<Operand<TFloat32>> in = new ArrayList<>();
      for (KerasTensor t : node.inputs()) {
        in.add(values.get(t));
      }
      // As Keras 3 (functional.py, keras-team/keras#20285): the mode of the call being built (fit's
      // training=True, predict's False) wins over a `training` fixed when the graph was made; a
      // frozen base (setTrainable(false)) is what keeps its BatchNormalization in inference mode.
      List<Operand<TFloat32>> out = node.layer().invoke(ctx, in);
      for (int k = 0; k < out.size(); k++) {
        values.put(node.outputs().get(k), out.get(k));
      }
    }
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (KerasTensor t : outputs) {
      out.add(DTypes.toFloat32(ctx.tf(), values.get(t)));
    }
    return out;
  }

  /**
   * A model computes in whatever dtypes its layers' policies say; each of its layers casts its own
   * inputs (Keras's Functional does not convert the model's inputs), and its outputs leave it in
   * float32 (see {@link DTypes}): exact for a bfloat16 or float16 output, which a float32 loss,
   * metric or caller reads in float32 anyway, as Keras's losses cast {@code y_pred} to float32.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  protected boolean autocastInputs() {
    return false;
  }

  /** The output shapes for inputs of these shapes: the graph's own for its built shapes, else a symbolic call. */
  @Override
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    if (sameSampleShapes(inputShapes, builtInputShapes())) {
      List<Shape> out = new ArrayList<>();
      for (KerasTensor t : outputs) {
        out.add(t.shape());
      }
      return out;
    }
    return symbolicOutputShapes(inputShapes);
  }

  private static boolean sameSampleShapes(List<Shape> a, List<Shape> b) {
    if (b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Shapes.sample(a.get(i)).equals(Shapes.sample(b.get(i)))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    List<Shape> out = computeOutputShapes(List.of(inputShape));
    if (out.size() != 1) {
      throw new IllegalStateException("Model \"" + name() + "\" has " + out.size() + " outputs: use computeOutputShapes.");
    }
    return out.get(0);
  }

  /** The output shape of each layer in {@link #layers()} order (the shape of its first call in this model). */
  public List<Shape> layerOutputShapes() {
    if (builtInputShape() == null) {
      throw notBuilt();
    }
    List<Shape> out = new ArrayList<>();
    for (Layer l : layers()) {
      out.add(firstNodeIn(l).outputs().get(0).shape());
    }
    return out;
  }

  /** The first call of {@code layer} in this model's graph. */
  Node firstNodeIn(Layer layer) {
    for (Node n : layer.inboundNodes()) {
      if (graph.nodes.contains(n) || (n.isInput() && inputs.contains(n.outputs().get(0)))) {
        return n;
      }
    }
    return layer.inboundNodes().get(0);
  }

  static IllegalStateException notBuilt() {
    return new IllegalStateException(
        "This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.");
  }

  /** A functional model is built when it is made: it has no deferred build. */
  @Override
  public void buildFromData(Shape batchShape) {
    if (builtInputShape() == null) {
      throw new IllegalStateException("The model is not built: give its input shape.");
    }
  }

  /** Layer order, as Keras's {@code model.weights}: each layer's weights in turn. */
  public List<KerasVariable> weightsByLayer() {
    return weights();
  }

  // ---------------------------------------------------------------- graph

  /**
   * Writes the values assigned from the host (a loader's) into the model's graph now, when it has
   * one, as Keras's loaders return a model with its values in place; without a graph yet (a model
   * loaded without compiling) they wait on the host for the graph's first run.
   */
  void writePendingValues() {
    if (context != null && !context.isClosed()) {
      context.writePendingValues();
    }
  }

  /**
   * The model's graph and session, created on first use, with every weight materialised in it. A
   * weight that was moved to another model's graph since is brought back with its value.
   */
  public GraphContext context() {
    if (builtInputShape() == null) {
      throw notBuilt();
    }
    if (context == null || context.isClosed()) {
      context = trainer.newGraphContext();
      trainer.reset();
    } else if (!owns(context) || !trainer.runsIn(context)) {
      // A weight left for another graph (this graph's functions read stale variables), or the model
      // was compiled under a multi-worker strategy since (its graph must run on the strategy's server): rebuild.
      context.close();
      context = trainer.newGraphContext();
      trainer.reset();
    }
    for (KerasVariable v : weights()) {
      v.materialize(context);
    }
    return context;
  }

  private boolean owns(GraphContext ctx) {
    for (KerasVariable v : weights()) {
      if (v.context() != null && v.context() != ctx) {
        return false;
      }
    }
    return true;
  }

  /** The trainer holding this model's compile state and training loops. */
  public Trainer trainer() {
    return trainer;
  }

  // ---------------------------------------------------------------- Keras API

  /**
   * Keras's {@code compile(optimizer=..., loss=..., loss_weights=..., metrics=...)}: {@code
   * model.compile(optimizer("adam"), loss(Map.of("cls", "binary_crossentropy", "reg", "mse")),
   * lossWeights(Map.of("cls", 1.0, "reg", 0.5)), metrics(Map.of("cls", List.of("accuracy"))))}. A loss
   * or metrics given once apply to every output; a list gives them in output order, a map by
   * output name ({@link #outputNames()}).
   */
  public void compile(Args.CompileArg... args) {
    trainer.compile(args);
  }

  /** Keras's {@code compile(optimizer, loss, metrics)} with string identifiers. */
  public void compile(String optimizer, String loss, String... metrics) {
    trainer.compile(optimizer, loss, metrics);
  }

  public void compile(Optimizer optimizer, String loss, String... metrics) {
    trainer.compile(optimizer, loss, metrics);
  }

  public void compile(Optimizer optimizer, Loss loss, Metric... metrics) {
    trainer.compile(optimizer, loss, metrics);
  }

  /** Keras's {@code fit(x, y, ...)} on in-memory arrays (first axis: samples). */
  public History fit(FloatNdArray x, FloatNdArray y, Args.FitArg... kwargs) {
    return trainer.fit(List.of(x), List.of(y), kwargs);
  }

  /** Keras's {@code fit([x1, x2], [y1, y2], ...)}: one array per input and one per output, in order. */
  public History fit(List<FloatNdArray> xs, List<FloatNdArray> ys, Args.FitArg... kwargs) {
    return trainer.fit(xs, ys, kwargs);
  }

  /** Keras's {@code fit({"image": x1, ...}, {"cls": y1, ...}, ...)}: arrays by input and output name. */
  public History fit(Map<String, FloatNdArray> xs, Map<String, FloatNdArray> ys, Args.FitArg... kwargs) {
    return trainer.fit(byName(xs, inputNames(), "inputs"), byName(ys, outputNames(), "outputs"), kwargs);
  }

  /** Keras's {@code fit(dataset, ...)} on a batched dataset. */
  public History fit(Dataset data, Args.FitArg... kwargs) {
    return trainer.fit(data, kwargs);
  }

  /** Keras's {@code evaluate(x, y, return_dict=True)}: the loss and metrics by name ({@code accuracy}, {@code loss}...). */
  public Map<String, Double> evaluate(FloatNdArray x, FloatNdArray y, Args.EvaluateArg... kwargs) {
    return trainer.evaluate(List.of(x), List.of(y), kwargs);
  }

  public Map<String, Double> evaluate(List<FloatNdArray> xs, List<FloatNdArray> ys, Args.EvaluateArg... kwargs) {
    return trainer.evaluate(xs, ys, kwargs);
  }

  public Map<String, Double> evaluate(Map<String, FloatNdArray> xs, Map<String, FloatNdArray> ys,
      Args.EvaluateArg... kwargs) {
    return trainer.evaluate(byName(xs, inputNames(), "inputs"), byName(ys, outputNames(), "outputs"), kwargs);
  }

  public Map<String, Double> evaluate(Dataset data, Args.EvaluateArg... kwargs) {
    return trainer.evaluate(data, kwargs);
  }

  /** Keras's {@code predict} for a model of one input and one output: the outputs for every sample, in order. */
  public FloatNdArray predict(FloatNdArray x, Args.PredictArg... kwargs) {
    return singleOutput(trainer.predict(List.of(x), kwargs));
  }

  /** Keras's {@code predict([x1, x2])}: one array per output, in output order. */
  public List<FloatNdArray> predict(List<FloatNdArray> xs, Args.PredictArg... kwargs) {
    return trainer.predict(xs, kwargs);
  }

  /** Keras's {@code predict({"image": x1, ...})}: one array per output, in output order. */
  public List<FloatNdArray> predict(Map<String, FloatNdArray> xs, Args.PredictArg... kwargs) {
    return trainer.predict(byName(xs, inputNames(), "inputs"), kwargs);
  }

  /** Keras's {@code predict(dataset)} for a model of one output. */
  public FloatNdArray predict(Dataset data, Args.PredictArg... kwargs) {
    return singleOutput(trainer.predict(data, kwargs));
  }

  /** Keras's {@code predict(dataset)}: one array per output, in output order. */
  public List<FloatNdArray> predictAll(Dataset data, Args.PredictArg... kwargs) {
    return trainer.predict(data, kwargs);
  }

  private FloatNdArray singleOutput(List<FloatNdArray> outputs) {
    if (outputs.size() != 1) {
      throw new IllegalStateException("Model \"" + name() + "\" has " + outputs.size() + " outputs " + outputNames()
          + ": use predict(List) or predictAll(Dataset), which return one array per output.");
    }
    return outputs.get(0);
  }

  /** The arrays of a map in the order of {@code names}, with Keras's error for a missing or unknown key. */
  private static List<FloatNdArray> byName(Map<String, FloatNdArray> arrays, List<String> names, String what) {
    if (!arrays.keySet().equals(new HashSet<>(names))) {
      throw new IllegalArgumentException("Expected the keys " + names + " of the model's " + what + ", but received keys "
          + new TreeSet<>(arrays.keySet()) + ".");
    }
    List<FloatNdArray> out = new ArrayList<>();
    for (String n : names) {
      out.add(arrays.get(n));
    }
    return out;
  }

  // ---------------------------------------------------------------- what callbacks see

  @Override
  public boolean stopTraining() {
    return trainer.stopTraining();
  }

  @Override
  public void setStopTraining(boolean stop) {
    trainer.setStopTraining(stop);
  }

  /** Keras's {@code model.optimizer}: the compiled optimizer, or null. */
  @Override
  public Optimizer optimizer() {
    return trainer.optimizer();
  }

  @Override
  public Map<String, Metric> compiledMetrics() {
    return trainer.metricsByLogName();
  }

  /** Keras's {@code model.distribute_strategy}: the strategy whose scope the model was created or compiled in, or null. */
  @Override
  public MultiWorkerMirroredStrategy distributeStrategy() {
    return trainer.distributeStrategy();
  }

  /** Where progress and callback messages are printed (the trainer's output). */
  @Override
  public PrintStream out() {
    return trainer.output();
  }

  /**
   * Keras's {@code [(w.path, w) for layer in model.layers for w in layer.weights]}: the weights'
   * values by the path Keras 3 gives them. A {@link Sequential} builds its layers under its name
   * ({@code sequential/dense/kernel}); a functional model's layers are built before the model, so
   * their weights keep the path they were created with ({@code dense/kernel}); a nested model's
   * weights have its own paths.
   */
  @Override
  public Map<String, FloatNdArray> weightsByPath() {
    Map<String, KerasVariable> byPath = new LinkedHashMap<>();
    collectByPath(byPath);
    List<FloatNdArray> values = KerasVariable.getValues(new ArrayList<>(byPath.values())); // one run for all
    Map<String, FloatNdArray> out = new LinkedHashMap<>();
    int i = 0;
    for (String path : byPath.keySet()) {
      out.put(path, values.get(i++));
    }
    return out;
  }

  private void collectByPath(Map<String, KerasVariable> out) {
    for (Layer l : layers()) {
      if (l instanceof Model m) {
        m.collectByPath(out);
        continue;
      }
      for (KerasVariable w : l.weights()) {
        out.put(weightPathPrefix() + w.path(), w);
      }
    }
  }

  /** What Keras 3 puts before the path of a weight of one of this model's layers. */
  String weightPathPrefix() {
    return "";
  }

  /** The model's TF graph: its forward pass, and its training step once {@code fit} has built it. */
  @Override
  public GraphDef graphDef() {
    return context().graph().toGraphDef();
  }

  /**
   * Keras's {@code model.to_json()}: {@code {"module": "keras", "class_name", "config",
   * "registered_name"}} and, once compiled, {@code compile_config} (Keras also writes the {@code
   * build_config}, which the config's input layer already gives). TensorBoard draws its Graphs tab's
   * conceptual graph from it.
   */
  @Override
  public String toJson() {
    Map<String, Object> m = Config.serialize("keras", className(), getConfig());
    if (trainer.compiled()) {
      m.put("compile_config", getCompileConfig());
    }
    return Json.write(m);
  }

  @Override
  public void setInitialEpoch(int epoch) {
    trainer.setInitialEpoch(epoch);
  }

  /** Keras's {@code summary()}, printed to standard output. */
  public void summary() {
    System.out.print(summaryString());
  }

  /** The text {@link #summary()} prints. */
  public String summaryString() {
    return Summary.render(this, trainer.optimizerParamCount(), trainer.optimizerParamBytes());
  }

  /**
   * Keras's {@code model.export(dir)}: writes a TF SavedModel for serving, with the signature
   * {@code serving_default} (input {@code inputs}: float32, output {@code output_0}). The write is
   * atomic: an existing SavedModel at {@code dir} is replaced only once the new one is complete;
   * anything else at {@code dir} (a file, a folder of other files) is refused.
   */
  public void export(Path dir) throws IOException {
    SavedModels.export(this, dir);
  }

  /**
   * Keras's {@code model.save(filepath)}, so that {@link Models#loadModel(Path)} can rebuild the
   * model for more training or evaluation. A path ending in {@code .keras} gets Keras 3's file
   * ({@code config.json}, {@code model.weights.h5}, {@code metadata.json}; see {@link KerasFile}),
   * which Python's {@code keras.models.load_model} opens; any other path a folder holding the
   * SavedModel of {@link #export(Path)} plus the model's config ({@code jkeras_model.json}) and the
   * optimizer's state ({@code optimizer.weights.h5}). Either holds the weights, the compile config
   * and the optimizer's state (iterations, moments...), so that training resumed from it continues
   * as if uninterrupted.
   * {@code overwrite(false)} refuses to replace an existing model; anything that is not a model of
   * that kind is never replaced.
   */
  @Override
  public void save(Path filepath) throws IOException {
    save(filepath, new Args.SaveArg[0]);
  }

  @Override
  public void checkSavePath(Path filepath) {
    (KerasFile.isKerasPath(filepath) ? KerasFile.TARGET : SavedModels.TARGET).check(filepath, true, "filepath");
  }

  /** {@link #save(Path)} with Keras's {@code overwrite}: {@code save(path, overwrite(false))}. */
  public void save(Path filepath, Args.SaveArg... kwargs) throws IOException {
    save(filepath, Map.of(), kwargs);
  }

  /**
   * {@link #save(Path)} with {@code metadata} stored beside the model (the CLI's class names): in
   * {@code metadata.json} after Keras's entries, or in {@code jkeras_model.json}.
   */
  public void save(Path filepath, Map<String, Object> metadata, Args.SaveArg... kwargs) throws IOException {
    if (KerasFile.isKerasPath(filepath)) {
      KerasFile.save(this, ModelSerialization.serialize(this), metadata, trainer.compiled() ? trainer.optimizer() : null,
          filepath, overwrite(kwargs));
    } else if (LegacyH5Model.isLegacyPath(filepath)) {
      throw new IllegalArgumentException("jkeras writes Keras 3's `.keras` format (or a SavedModel folder), not the legacy"
          + " HDF5 format; use a path ending in `.keras`. Received: filepath=" + filepath);
    } else {
      SavedModels.export(this, trainer.compiled() ? trainer.optimizer() : null, filepath, saveConfig(metadata), Map.of(),
          overwrite(kwargs));
    }
  }

  /**
   * Keras's {@code model.save_weights("x.weights.h5")}: the weights in Keras 3's HDF5 layout, which
   * Python's {@code model.load_weights} reads (see {@link WeightsFile}), with the optimizer's state
   * once compiled, as Keras. The write is atomic; only an HDF5 file is ever replaced, and not with
   * {@code overwrite(false)}.
   */
  public void saveWeights(Path file, Args.SaveArg... kwargs) throws IOException {
    WeightsFile.save(this, trainer.optimizer(), file, overwrite(kwargs));
  }

  @Override
  public void saveWeights(Path file) throws IOException {
    saveWeights(file, new Args.SaveArg[0]);
  }

  @Override
  public void checkSaveWeightsPath(Path file) {
    WeightsFile.checkSavePath(file);
  }

  private static boolean overwrite(Args.SaveArg[] kwargs) {
    Args.Overwrite o = Args.find(kwargs, Args.Overwrite.class);
    return o == null || o.value();
  }

  /**
   * Keras's {@code model.load_weights(path)}: a Keras 3 {@code .weights.h5} file (e.g. written by
   * Python Keras), a legacy Keras {@code .h5} weight file (matched by layer name, as Keras's
   * ImageNet files), or a SavedModel folder (its variables read by name). Nothing is loaded unless
   * every weight of the model is found with its shape. The optimizer's state in a {@code
   * .weights.h5} is restored when this model's optimizer has been built with as many variables
   * (else it is skipped, as Keras skips it). A weight file is data, never code: it is
   * checked against this model before any value is read, and one holding NaN or infinite values
   * is refused (Keras loads them; {@link #loadWeights(Path, boolean)} can too).
   */
  @Override
  public void loadWeights(Path path) throws IOException {
    loadWeights(path, false);
  }

  /**
   * {@link #loadWeights(Path)}, loading NaN or infinite values from an HDF5 weight file when
   * {@code allowNonFinite} is true (as Keras does), e.g. to inspect a model whose training
   * diverged.
   */
  public void loadWeights(Path path, boolean allowNonFinite) throws IOException {
    if (path.getFileName() != null && path.getFileName().toString().endsWith(WeightsFile.SUFFIX)) {
      WeightsFile.load(this, trainer.optimizer(), path, allowNonFinite);
    } else {
      WeightLoading.load(this, path, allowNonFinite);
    }
  }

  /**
   * Keras's {@code get_config()} of a functional model: its layers, each with the calls it makes in
   * the model ({@code inbound_nodes}), and its inputs and outputs ({@code input_layers}, {@code
   * output_layers}); see {@link FunctionalConfig}.
   */
  @Override
  public Map<String, Object> getConfig() {
    return FunctionalConfig.of(this);
  }

  /**
   * Keras's {@code get_build_config()} of a functional model, {@code {"input_shape": null}}: it is
   * built when made, from its inputs (Keras 3.15 writes exactly this).
   */
  @Override
  public Map<String, Object> getBuildConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("input_shape", null);
    return c;
  }

  /** Keras's {@code Functional.from_config}: the model a {@link #getConfig()} describes, its calls replayed. */
  public static Model fromConfig(Map<String, Object> config) {
    return FunctionalConfig.fromConfig(config);
  }

  /**
   * Keras's {@code model.get_compile_config()}: the optimizer, loss, loss weights and metrics as
   * {@code compile} got them; null before {@code compile}.
   */
  public Map<String, Object> getCompileConfig() {
    return trainer.compiled() ? CompileConfig.of(this) : null;
  }

  /**
   * Keras's {@code model.compile_from_config(config)}: compiles as a {@link #getCompileConfig()}
   * records (its {@code optimizer} may be an {@code Optimizer} instead of its config), then, the
   * model being built, builds the optimizer's variables as Keras does, so that a saved optimizer
   * state has somewhere to go.
   */
  public void compileFromConfig(Map<String, Object> config) {
    CompileConfig.compile(this, config);
    if (builtInputShape() != null) {
      trainer.optimizer().build(context(), trainableWeights());
    }
  }

  /**
   * What {@code jkeras_model.json} holds beside the model's config and weights: the compile config
   * (once compiled), then {@code metadata} (class names...). {@link #save} writes it; so does the
   * CLI's {@code train}, with its class names.
   */
  public Map<String, Object> saveConfig(Map<String, Object> metadata) {
    Map<String, Object> c = new LinkedHashMap<>();
    if (trainer.compiled()) {
      c.put("compile_config", getCompileConfig());
    }
    c.putAll(metadata);
    return c;
  }

  /** Frees the graph, the session and the weight values in them. */
  @Override
  public void close() {
    trainer.reset();
    if (context != null) {
      context.close();
      context = null;
    }
  }

  @Override
  public String toString() {
    return "<" + className() + " name=" + name() + ", built=" + built() + ">";
  }
}
