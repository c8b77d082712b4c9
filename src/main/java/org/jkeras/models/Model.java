package org.jkeras.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jkeras.Kwargs;
import org.jkeras.backend.GraphContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.callbacks.History;
import org.jkeras.data.Dataset;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.losses.Loss;
import org.jkeras.metrics.Metric;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.saving.SavedModels;
import org.jkeras.saving.WeightLoading;
import org.jkeras.saving.WeightsFile;
import org.jkeras.trainers.Trainer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A stack of layers, as Keras's functional {@code Model(inputs, outputs)}; {@link Sequential} is
 * the list form. A model is itself a layer, so a model (a VGG16 base) can sit inside another.
 *
 * <p>The model owns the TensorFlow graph its weights live in (created on first use) and a {@link
 * Trainer} that holds {@code compile}, {@code fit}, {@code evaluate} and {@code predict}. Close the
 * model to free the graph.
 */
public class Model extends Layer implements AutoCloseable {
  protected final List<Layer> layers = new ArrayList<>();
  private KerasTensor input;
  private KerasTensor output;
  private GraphContext context;
  private final Trainer trainer = new Trainer(this);

  /** For {@link Sequential}. */
  protected Model() {}

  /** Keras's {@code Model(inputs=..., outputs=...)} for a chain of single-input layers. */
  public Model(KerasTensor inputs, KerasTensor outputs) {
    this(inputs, outputs, null);
  }

  public Model(KerasTensor inputs, KerasTensor outputs, String name) {
    List<Layer> chain = new ArrayList<>();
    KerasTensor t = outputs;
    while (t != null && t != inputs) {
      chain.add(t.layer());
      t = t.parent();
    }
    if (t == null) {
      throw new IllegalArgumentException(
          "The `outputs` of the model are not connected to its `inputs`: every output must be computed from the input."
              + " Received: inputs=" + inputs + ", outputs=" + outputs);
    }
    chain.add(inputs.layer());
    Collections.reverse(chain);
    layers.addAll(chain);
    this.input = inputs;
    this.output = outputs;
    name(name != null ? name : Names.unique("functional"));
    ensureBuilt(inputs.shape());
  }

  // ---------------------------------------------------------------- structure

  /** The layers in call order (a functional model starts with its {@link InputLayer}). */
  public List<Layer> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** Keras's {@code get_layer(name)}. */
  public Layer getLayer(String name) {
    for (Layer l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    List<String> names = new ArrayList<>();
    for (Layer l : layers) {
      names.add(l.name());
    }
    throw new IllegalArgumentException("No such layer: " + name + ". Existing layers are: " + names + ".");
  }

  /** Keras's {@code model.input}: the symbolic input (null for an unbuilt Sequential). */
  public KerasTensor input() {
    return input;
  }

  /** Keras's {@code model.output}: the symbolic output, to stack new layers on (transfer learning). */
  public KerasTensor output() {
    return output;
  }

  protected void setSymbolic(KerasTensor input, KerasTensor output) {
    this.input = input;
    this.output = output;
  }

  @Override
  public String className() {
    return getClass() == Model.class ? "Functional" : getClass().getSimpleName();
  }

  /** Layers that are computation steps (the input layer of a functional model is not one). */
  protected List<Layer> steps() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers) {
      if (!(l instanceof InputLayer)) {
        out.add(l);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- layer API

  @Override
  public void build(Shape inputShape) {
    Shape s = inputShape;
    for (Layer l : steps()) {
      l.ensureBuilt(s);
      s = l.computeOutputShape(s);
    }
  }

  @Override
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training) {
    return call(tf, x, training, null);
  }

  /**
   * The forward pass; activity-regularisation penalties of the layers (each divided by the batch
   * size, as Keras 3) are appended to {@code losses} when it is not null.
   */
  public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training, List<Operand<TFloat32>> losses) {
    Operand<TFloat32> y = x;
    for (Layer l : steps()) {
      Ops scoped = tf.withSubScope(l.name());
      y = l instanceof Model ? ((Model) l).call(scoped, y, training, losses) : l.call(scoped, y, training);
      if (losses != null && l.activityRegularizer() != null) {
        // Keras 3: the penalty on the output, divided by the batch size (divide_no_nan).
        Operand<TFloat32> penalty = l.activityRegularizer().call(scoped, y);
        Operand<TFloat32> batch = scoped.dtypes.cast(
            scoped.gather(scoped.shape(y), scoped.constant(0), scoped.constant(0)), TFloat32.class);
        losses.add(scoped.math.divNoNan(penalty, batch));
      }
    }
    return y;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    Shape s = inputShape;
    for (Layer l : steps()) {
      s = l.computeOutputShape(s);
    }
    return s;
  }

  /** The output shape of each layer in {@link #layers()} order, for the built input shape. */
  public List<Shape> layerOutputShapes() {
    if (builtInputShape() == null) {
      throw notBuilt();
    }
    List<Shape> out = new ArrayList<>();
    Shape s = builtInputShape();
    for (Layer l : layers) {
      s = l instanceof InputLayer ? s : l.computeOutputShape(s);
      out.add(s);
    }
    return out;
  }

  static IllegalStateException notBuilt() {
    return new IllegalStateException(
        "This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.");
  }

  @Override
  public void setTrainable(boolean trainable) {
    super.setTrainable(trainable);
    for (Layer l : layers) {
      l.setTrainable(trainable);
    }
  }

  @Override
  public List<KerasVariable> trainableWeights() {
    List<KerasVariable> out = new ArrayList<>();
    if (!trainable()) {
      return out;
    }
    Set<KerasVariable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Layer l : layers) {
      for (KerasVariable v : l.trainableWeights()) {
        if (seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  @Override
  public List<KerasVariable> nonTrainableWeights() {
    Set<KerasVariable> trainable = Collections.newSetFromMap(new IdentityHashMap<>());
    trainable.addAll(trainableWeights());
    List<KerasVariable> out = new ArrayList<>();
    Set<KerasVariable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Layer l : layers) {
      for (KerasVariable v : l.weights()) {
        if (!trainable.contains(v) && seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** Layer order, as Keras's {@code model.weights} for saving: each layer's weights in turn. */
  public List<KerasVariable> weightsByLayer() {
    List<KerasVariable> out = new ArrayList<>();
    Set<KerasVariable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Layer l : layers) {
      List<KerasVariable> ws = l instanceof Model ? ((Model) l).weightsByLayer() : l.weights();
      for (KerasVariable v : ws) {
        if (seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  @Override
  public List<FloatNdArray> getWeights() {
    List<FloatNdArray> out = new ArrayList<>();
    for (KerasVariable v : weightsByLayer()) {
      out.add(v.getValue());
    }
    return out;
  }

  @Override
  public void setWeights(List<? extends FloatNdArray> values) {
    List<KerasVariable> ws = weightsByLayer();
    if (values.size() != ws.size()) {
      throw new IllegalArgumentException(
          "You called `setWeights(weights)` on model \"" + name() + "\" with a weight list of length "
              + values.size() + ", but the model was expecting " + ws.size() + " weights.");
    }
    for (int i = 0; i < ws.size(); i++) {
      ws.get(i).assign(values.get(i));
    }
  }

  @Override
  public List<Operand<TFloat32>> regularizationLosses(Ops tf) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Layer l : layers) {
      out.addAll(l.regularizationLosses(tf));
    }
    return out;
  }

  // ---------------------------------------------------------------- graph

  /**
   * The model's graph and session, created on first use, with every weight materialised in it. A
   * weight that was moved to another model's graph since is brought back with its value.
   */
  public GraphContext context() {
    if (builtInputShape() == null) {
      throw notBuilt();
    }
    if (context == null || context.isClosed()) {
      context = new GraphContext();
      trainer.reset();
    } else if (!owns(context)) {
      // A weight left for another graph: this graph's functions read stale variables; rebuild.
      context.close();
      context = new GraphContext();
      trainer.reset();
    }
    for (KerasVariable v : weightsByLayer()) {
      v.materialize(context);
    }
    return context;
  }

  private boolean owns(GraphContext ctx) {
    for (KerasVariable v : weightsByLayer()) {
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
  public History fit(FloatNdArray x, FloatNdArray y, Kwargs.FitArg... kwargs) {
    return trainer.fit(x, y, kwargs);
  }

  /** Keras's {@code fit(dataset, ...)} on a batched dataset. */
  public History fit(Dataset data, Kwargs.FitArg... kwargs) {
    return trainer.fit(data, kwargs);
  }

  /** Keras's {@code evaluate}: the loss and metrics by name ({@code loss}, {@code accuracy}...). */
  public Map<String, Double> evaluate(FloatNdArray x, FloatNdArray y, Kwargs.EvaluateArg... kwargs) {
    return trainer.evaluate(x, y, kwargs);
  }

  public Map<String, Double> evaluate(Dataset data, Kwargs.EvaluateArg... kwargs) {
    return trainer.evaluate(data, kwargs);
  }

  /** Keras's {@code predict}: the outputs for every sample, in order. */
  public FloatNdArray predict(FloatNdArray x, Kwargs.PredictArg... kwargs) {
    return trainer.predict(x, kwargs);
  }

  public FloatNdArray predict(Dataset data, Kwargs.PredictArg... kwargs) {
    return trainer.predict(data, kwargs);
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
    SavedModels.export(this, dir, false);
  }

  /**
   * Saves the model so that {@link Models#loadModel(Path)} can rebuild it for more training or
   * evaluation: the SavedModel of {@link #export(Path)} plus the model's config
   * ({@code jkeras_model.json}). {@code overwrite(false)} refuses to replace an existing model.
   */
  public void save(Path dir, Kwargs.SaveArg... kwargs) throws IOException {
    SavedModels.export(this, dir, true, Map.of(), Map.of(), overwrite(kwargs));
  }

  /**
   * Keras's {@code model.save_weights("x.weights.h5")}: the weights in Keras 3's HDF5 layout, which
   * Python's {@code model.load_weights} reads (see {@link WeightsFile}). The write is atomic; only an
   * HDF5 file is ever replaced, and not with {@code overwrite(false)}.
   */
  public void saveWeights(Path file, Kwargs.SaveArg... kwargs) throws IOException {
    WeightsFile.save(this, file, overwrite(kwargs));
  }

  private static boolean overwrite(Kwargs.SaveArg[] kwargs) {
    Kwargs.Overwrite o = Kwargs.find(kwargs, Kwargs.Overwrite.class);
    return o == null || o.value();
  }

  /**
   * Keras's {@code model.load_weights(path)}: a Keras 3 {@code .weights.h5} file (e.g. written by
   * Python Keras), a legacy Keras {@code .h5} weight file (matched by layer name, as Keras's
   * ImageNet files), or a SavedModel folder (its variables read by name). Nothing is loaded unless
   * every weight of the model is found with its shape. A weight file is data, never code: it is
   * checked against this model before any value is read, and one holding NaN or infinite values
   * is refused (Keras loads them; {@link #loadWeights(Path, boolean)} can too).
   */
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
      WeightsFile.load(this, path, allowNonFinite);
    } else {
      WeightLoading.load(this, path, allowNonFinite);
    }
  }

  /** Keras's {@code get_config()} of a model: its layers' configs in order. */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("trainable", trainable());
    List<Object> ls = new ArrayList<>();
    for (Layer l : layers) {
      ls.add(org.jkeras.saving.Serialization.serialize(l));
    }
    c.put("layers", ls);
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
