package org.jkeras.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.jkeras.layers.InputLayer;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.saving.Serialization;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Sequential([...])}: layers applied one after the other. The model is built as
 * soon as its input shape is known: from the first layer's {@code inputShape(...)} (or an {@link
 * InputLayer}), from {@link #build}, or from the data of the first {@code fit}/{@code predict}.
 *
 * <pre>{@code
 * Sequential model = new Sequential(
 *     new Conv2D(32, 3, 3).activation("relu").inputShape(224, 224, 3),
 *     new MaxPooling2D(2, 2),
 *     new Flatten(),
 *     new Dense(1).activation("sigmoid"));
 * }</pre>
 */
public class Sequential extends Model {
  /** The layers as given, an {@link InputLayer} first if one was. */
  private final List<Layer> stack = new ArrayList<>();
  private InputLayer inputLayer;

  public Sequential(Layer... layers) {
    this(null, layers);
  }

  public Sequential(String name, Layer... layers) {
    name(name != null ? name : Names.unique("sequential"));
    for (Layer l : layers) {
      append(l);
    }
    maybeRebuild();
  }

  /** Keras's {@code model.add(layer)}. */
  public Sequential add(Layer layer) {
    append(layer);
    maybeRebuild();
    return this;
  }

  private void append(Layer layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Only instances of `Layer` can be added to a Sequential model. Received: null");
    }
    if (layer instanceof InputLayer && !stack.isEmpty()) {
      throw new IllegalArgumentException("An InputLayer can only be the first layer of a Sequential model.");
    }
    for (Layer l : stack) {
      if (l.name().equals(layer.name())) {
        throw new IllegalArgumentException(
            "All layers added to a Sequential model should have unique names. Name \"" + layer.name()
                + "\" is already the name of a layer in this model. Update the `name` argument to pass a unique name.");
      }
    }
    stack.add(layer);
  }

  /** Keras's {@code model.pop()}: removes the last layer. */
  public Layer pop() {
    if (steps().isEmpty()) {
      throw new IllegalStateException("There are no layers in the model.");
    }
    Layer last = stack.remove(stack.size() - 1);
    maybeRebuild();
    return last;
  }

  /** Keras's {@code model.layers} of a Sequential: its layers, without the input layer. */
  @Override
  public List<Layer> layers() {
    return Collections.unmodifiableList(steps());
  }

  /** The layers that compute, in order. */
  List<Layer> steps() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : stack) {
      if (!(l instanceof InputLayer)) {
        out.add(l);
      }
    }
    return out;
  }

  @Override
  public List<Layer> trackedLayers() {
    return steps();
  }

  private Shape inputShapeFromLayers() {
    if (stack.isEmpty()) {
      return null;
    }
    Layer first = stack.get(0);
    if (first.batchInputShape() != null) {
      return first.batchInputShape();
    }
    if (first instanceof Model && first.builtInputShape() != null) {
      return first.builtInputShape();
    }
    return null;
  }

  /** Builds every layer once the input shape is known and links them into a functional chain. */
  private void maybeRebuild() {
    Shape input = inputShapeFromLayers();
    if (input == null || steps().isEmpty()) {
      return;
    }
    if (stack.get(0) instanceof InputLayer) {
      inputLayer = (InputLayer) stack.get(0);
    } else if (inputLayer == null) {
      inputLayer = new InputLayer(toInts(Shapes.sample(input)));
    }
    // Keras keeps a hidden functional model behind a Sequential, which takes a "functional" name
    // each time it is rebuilt; taking it here keeps later automatic names equal to Keras's.
    Names.unique("functional");
    KerasTensor t = inputLayer.output();
    for (Layer l : steps()) {
      t = l.apply(t);
    }
    setGraph(List.of(inputLayer.output()), null, List.of(t), null);
  }

  private static int[] toInts(Shape s) {
    long[] a = s.asArray();
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (int) a[i];
    }
    return out;
  }

  /** Keras's {@code model.build(input_shape)}; {@code inputShape} without the batch dimension. */
  public void build(int... inputShape) {
    if (inputLayer == null && !stack.isEmpty() && !(stack.get(0) instanceof InputLayer)) {
      stack.get(0).inputShape(inputShape);
    }
    maybeRebuild();
  }

  /** A Sequential takes one input. */
  @Override
  protected void validateInputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() != 1) {
      throw new IllegalArgumentException("A Sequential model takes one input. Received " + inputShapes.size() + " inputs.");
    }
  }

  /** Builds the layers for this input shape when no input shape was given (Keras's deferred build, on first call). */
  @Override
  public void build(List<Shape> inputShapes) {
    if (inputs().isEmpty()) {
      build(toInts(Shapes.sample(inputShapes.get(0))));
    }
  }

  /** Builds from the shape of the data when no input shape was given (Keras's deferred build). */
  @Override
  public void buildFromData(Shape batchShape) {
    if (builtInputShape() == null) {
      build(toInts(Shapes.sample(batchShape)));
    }
  }

  /** Keras 3 builds a Sequential's layers under the model's name: {@code sequential/dense/kernel}. */
  @Override
  String weightPathPrefix() {
    return name() + "/";
  }

  /**
   * Keras's {@code Sequential.get_config()}: name, trainable, dtype, the layers with the input
   * layer first (once the input shape is known) and {@code build_input_shape}.
   */
  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("trainable", trainable());
    c.put("dtype", dtypePolicy().serialize());
    List<Object> layers = new ArrayList<>();
    if (inputLayer != null) {
      layers.add(ModelSerialization.serialize(inputLayer));
    }
    for (Layer l : steps()) {
      layers.add(ModelSerialization.serialize(l));
    }
    c.put("layers", layers);
    if (inputLayer != null) {
      c.put("build_input_shape", inputLayer.getConfig().get("batch_shape"));
    }
    return c;
  }

  /** Keras's {@code get_build_config()} of a Sequential: its {@code build_input_shape}; null before it is built. */
  @Override
  public Map<String, Object> getBuildConfig() {
    if (inputLayer == null) {
      return null;
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("input_shape", inputLayer.getConfig().get("batch_shape"));
    return c;
  }

  /**
   * Keras's {@code Sequential.from_config}: its layers (the input layer first, as Keras 3 writes it,
   * or the input shape on the first layer, as older jkeras files have it), built for {@code
   * build_input_shape} when given.
   */
  @SuppressWarnings("unchecked")
  public static Sequential fromConfig(Map<String, Object> config) {
    Config c = Config.of("Sequential", config);
    List<Layer> layers = new ArrayList<>();
    List<Object> entries = c.getListOrNull("layers");
    if (entries != null) {
      for (Object o : entries) {
        layers.add(Serialization.deserialize((Map<String, Object>) o));
      }
    }
    Sequential s = new Sequential(c.getString("name", null), layers.toArray(new Layer[0]));
    List<Object> buildShape = c.getListOrNull("build_input_shape");
    if (s.inputs().isEmpty() && buildShape != null) {
      int[] sample = new int[buildShape.size() - 1];
      for (int k = 1; k < buildShape.size(); k++) {
        sample[k - 1] = ((Number) buildShape.get(k)).intValue();
      }
      s.build(sample);
    }
    if (!c.getBoolean("trainable", true)) {
      s.setTrainable(false);
    }
    if (c.get("dtype") != null) {
      s.dtype(DTypePolicy.deserialize(c.get("dtype")));
    }
    return s;
  }

  /** The layers in turn. */
  @Override
  public List<Operand<TFloat32>> call(CallContext ctx, List<Operand<TFloat32>> xs) {
    if (xs.size() != 1) {
      throw new IllegalArgumentException("A Sequential model takes one input. Received " + xs.size() + " inputs.");
    }
    Operand<TFloat32> y = xs.get(0);
    for (Layer l : steps()) {
      y = l.invoke(ctx, y);
    }
    return List.of(DTypes.toFloat32(ctx.tf(), y));
  }
}
