package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.Initializer;
import org.jkeras.regularizers.Regularizer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The Keras layer lifecycle: the constructor (and the fluent setters after it) only store
 * configuration; {@link #build(Shape)} creates the weights through {@link #addWeight}; {@link
 * #call(Ops, Operand, boolean)} is the pure math on graph operands; {@link #computeOutputShape}
 * infers the output shape without running anything.
 *
 * <p>Shapes passed to {@code build}, {@code call} and {@code computeOutputShape} include the batch
 * dimension, unknown as -1 (Keras's {@code None}).
 */
public abstract class Layer {
  private String name;
  private boolean trainable = true;
  private Shape batchInputShape;
  private Shape builtInputShape;
  private boolean built;
  private final List<KerasVariable> weights = new ArrayList<>();
  private Regularizer activityRegularizer;

  protected Layer() {}

  // ---------------------------------------------------------------- configuration

  /** The layer's name; unnamed layers get Keras's automatic name ({@code dense}, {@code dense_1}...). */
  public String name() {
    if (name == null) {
      name = Names.unique(Names.snakeCase(className()));
    }
    return name;
  }

  /** Sets the name (Keras's {@code name=} argument). */
  public Layer name(String name) {
    if (built) {
      throw new IllegalStateException("Cannot rename layer `" + name() + "` after it has been built.");
    }
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "Received an invalid value for `name`: expected a non-empty string without '/'. Received: name=" + name);
    }
    this.name = name;
    return this;
  }

  /** The Keras class name shown in {@code summary()}, e.g. {@code Conv2D}. */
  public String className() {
    return getClass().getSimpleName();
  }

  /**
   * Keras's {@code input_shape=(224, 224, 3)} on the first layer of a model: the per-sample shape,
   * without the batch dimension.
   */
  public Layer inputShape(int... shape) {
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "Received an invalid value for `input_shape`, expected positive dimensions. Received: input_shape="
                + java.util.Arrays.toString(shape));
      }
    }
    this.batchInputShape = Shapes.withBatch(Shapes.of(shape));
    return this;
  }

  /** The shape given with {@link #inputShape(int...)}, with a batch dimension of -1; null if none. */
  public Shape batchInputShape() {
    return batchInputShape;
  }

  /** Keras's {@code activity_regularizer}: a penalty on this layer's output, added to the loss. */
  public Layer activityRegularizer(Regularizer regularizer) {
    this.activityRegularizer = regularizer;
    return this;
  }

  public Regularizer activityRegularizer() {
    return activityRegularizer;
  }

  public boolean trainable() {
    return trainable;
  }

  /** Freezes ({@code false}) or unfreezes the layer: a frozen layer's weights get no gradient. */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  // ---------------------------------------------------------------- lifecycle

  /** Creates the weights for inputs of {@code inputShape}. Subclasses with weights override it. */
  public void build(Shape inputShape) {}

  /** Builds once; later calls check that the input shape still fits. */
  public final void ensureBuilt(Shape inputShape) {
    if (built) {
      checkCompatible(inputShape);
      return;
    }
    validateInputShape(inputShape);
    build(inputShape);
    builtInputShape = inputShape;
    built = true;
  }

  /** Rejects input ranks or sizes the layer cannot take, before anything is created. */
  protected void validateInputShape(Shape inputShape) {}

  private void checkCompatible(Shape inputShape) {
    if (builtInputShape == null || inputShape == null) {
      return;
    }
    boolean ok = builtInputShape.numDimensions() == inputShape.numDimensions();
    for (int i = 1; ok && i < inputShape.numDimensions(); i++) {
      long a = builtInputShape.get(i);
      long b = inputShape.get(i);
      ok = a < 0 || b < 0 || a == b;
    }
    if (!ok) {
      throw new IllegalArgumentException(
          "Input 0 of layer \"" + name() + "\" is incompatible with the layer: expected shape="
              + Shapes.format(builtInputShape) + ", found shape=" + Shapes.format(inputShape));
    }
  }

  public boolean built() {
    return built;
  }

  /** The input shape the layer was built for (batch dimension -1), or null before building. */
  public Shape builtInputShape() {
    return builtInputShape;
  }

  /** Pure math: the layer's output for {@code x}; {@code training} selects training behaviour (dropout...). */
  public abstract Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, boolean training);

  /** The output shape for an input of {@code inputShape}, computed without running anything. */
  public abstract Shape computeOutputShape(Shape inputShape);

  /** Functional API: {@code x = layer.apply(x)} is Keras's {@code x = layer(x)}. */
  public KerasTensor apply(KerasTensor input) {
    ensureBuilt(input.shape());
    return new KerasTensor(computeOutputShape(input.shape()), this, input);
  }

  // ---------------------------------------------------------------- weights

  /** Keras's {@code add_weight}: creates a weight owned by this layer (called from {@code build}). */
  protected KerasVariable addWeight(
      String weightName, Shape shape, Initializer initializer, Regularizer regularizer, boolean trainable) {
    KerasVariable v = new KerasVariable(name() + "/" + weightName, shape, initializer, regularizer, trainable);
    weights.add(v);
    return v;
  }

  /** All weights, trainable first, as Keras's {@code layer.weights}. */
  public List<KerasVariable> weights() {
    List<KerasVariable> all = new ArrayList<>(trainableWeights());
    all.addAll(nonTrainableWeights());
    return all;
  }

  /** The weights that receive gradients: none when the layer is frozen. */
  public List<KerasVariable> trainableWeights() {
    List<KerasVariable> out = new ArrayList<>();
    if (!trainable) {
      return out;
    }
    for (KerasVariable v : ownWeights()) {
      if (v.trainable()) {
        out.add(v);
      }
    }
    return out;
  }

  public List<KerasVariable> nonTrainableWeights() {
    List<KerasVariable> out = new ArrayList<>();
    for (KerasVariable v : ownWeights()) {
      if (!trainable || !v.trainable()) {
        out.add(v);
      }
    }
    return out;
  }

  /** The weights created by this layer itself (a model overrides this with its layers' weights). */
  protected List<KerasVariable> ownWeights() {
    return Collections.unmodifiableList(weights);
  }

  public long countParams() {
    long n = 0;
    for (KerasVariable v : weights()) {
      n += v.size();
    }
    return n;
  }

  /** Keras's {@code get_weights()}: copies of the weight values, in {@link #weights()} order. */
  public List<FloatNdArray> getWeights() {
    List<FloatNdArray> out = new ArrayList<>();
    for (KerasVariable v : weights()) {
      out.add(v.getValue());
    }
    return out;
  }

  /** Keras's {@code set_weights()}: values in {@link #weights()} order, shapes checked. */
  public void setWeights(List<? extends FloatNdArray> values) {
    List<KerasVariable> ws = weights();
    if (values.size() != ws.size()) {
      throw new IllegalArgumentException(
          "You called `setWeights(weights)` on layer \"" + name() + "\" with a weight list of length "
              + values.size() + ", but the layer was expecting " + ws.size() + " weights.");
    }
    for (int i = 0; i < ws.size(); i++) {
      ws.get(i).assign(values.get(i));
    }
  }

  /**
   * Regularisation penalties of the trainable weights, as Keras's {@code layer.losses} (one term
   * per regularised weight; frozen weights contribute none).
   */
  public List<Operand<TFloat32>> regularizationLosses(Ops tf) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (KerasVariable v : trainableWeights()) {
      if (v.regularizer() != null) {
        // The variable's value, not the variable: TF's C++ gradient of Square casts to its input's
        // type, a reference type for a VariableV2, and Graph.addGradients crashed the JVM on it.
        out.add(v.regularizer().call(tf, tf.identity(v.value())));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- config

  /** Keras's {@code get_config()}: name, trainable and the constructor arguments. */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("trainable", trainable);
    if (batchInputShape != null) {
      List<Object> s = new ArrayList<>();
      for (long d : batchInputShape.asArray()) {
        s.add(d < 0 ? null : d);
      }
      c.put("batch_input_shape", s);
    }
    return c;
  }

  @Override
  public String toString() {
    return "<" + className() + " name=" + name() + ", built=" + built + ">";
  }
}
