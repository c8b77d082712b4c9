package org.jkeras.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.jkeras.dtypepolicies.MixedPrecision;
import org.jkeras.initializers.Initializer;
import org.jkeras.kwargs.Args;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The Keras layer lifecycle: the constructor (and the fluent setters after it) only store
 * configuration; {@link #build(Shape)} creates the weights through {@link #addWeight}; {@link
 * #call(CallContext, Operand)} is the pure math on graph operands, with everything else it needs in
 * its {@link CallContext}; {@link #computeOutputShape} infers the output shape without running
 * anything.
 *
 * <p>A layer with one input overrides the single-input forms ({@code build(Shape)}, {@code
 * call(ctx, x)}, {@code computeOutputShape(Shape)}); a layer with several inputs (the merge layers)
 * or outputs overrides the list forms ({@code build(List)}, {@code call(ctx, List)}, {@code
 * computeOutputShapes(List)}). Shapes include the batch dimension, unknown as -1 (Keras's
 * {@code None}).
 *
 * <p>Functional API: {@link #apply(KerasTensor, Args.CallArg...)} calls the layer on symbolic
 * tensors and records the call as a {@link Node}; a layer applied twice shares its weights. Inside
 * a custom layer's {@code call}, other layers are called with {@link #invoke(CallContext, Operand)};
 * layers held in the custom layer's fields are tracked, as Keras tracks attributes: their weights
 * are the custom layer's too.
 *
 * <p>Mixed precision: each layer has a dtype policy ({@link #dtype(String)}, by default the global
 * policy when the layer is created, {@code MixedPrecision.globalPolicy()}). {@link #invoke} casts
 * the inputs to the policy's compute dtype and {@code ctx.value(w)} reads the (float32) weights in
 * it, as Keras's autocasting does; the layer's output is in that dtype. A layer whose {@code call}
 * computes correctly in bfloat16 and float16 says so with {@link #supportsComputeDtype}; any other
 * layer refuses a policy that does not compute in float32 when it is called, naming itself and the
 * policy.
 */
public abstract class Layer {
  private String name;
  private boolean trainable = true;
  private Shape batchInputShape;
  private List<Shape> builtInputShapes;
  private boolean built;
  private final List<KerasVariable> trainableVariables = new ArrayList<>();
  private final List<KerasVariable> nonTrainableVariables = new ArrayList<>();
  /** The regularizer of each own weight that has one ({@code add_weight(regularizer=...)}). */
  private final Map<KerasVariable, Regularizer> regularizers = new IdentityHashMap<>();
  private Regularizer activityRegularizer;
  private DTypePolicy dtypePolicy = MixedPrecision.globalPolicy();
  private final List<Node> inboundNodes = new ArrayList<>();

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
                + Arrays.toString(shape));
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

  /**
   * Keras's {@code dtype=} argument: the layer's dtype policy by name ({@code "float32"}, {@code
   * "mixed_bfloat16"}, {@code "mixed_float16"}, {@code "bfloat16"}, {@code "float16"}), e.g. {@code
   * dtype("float32")} on a model's output layer under a mixed global policy.
   */
  public Layer dtype(String policy) {
    return dtype(DTypePolicy.of(policy));
  }

  /** Keras's {@code dtype=DTypePolicy(...)} (or {@code layer.dtype_policy = ...}). */
  public Layer dtype(DTypePolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("Received an invalid value for `dtype`: expected a dtype policy. Received: dtype=null");
    }
    if (built && !policy.variableDtype().equals(dtypePolicy.variableDtype())) {
      throw new IllegalStateException("Cannot change the variable dtype of layer \"" + name() + "\" after it has been built."
          + " Received: dtype=" + policy.name());
    }
    this.dtypePolicy = policy;
    return this;
  }

  /** Keras's {@code layer.dtype_policy}. */
  public DTypePolicy dtypePolicy() {
    return dtypePolicy;
  }

  /** Keras's {@code layer.compute_dtype}: the dtype of the layer's computations and outputs. */
  public String computeDtype() {
    return dtypePolicy.computeDtype();
  }

  /** Keras's {@code layer.variable_dtype} (and {@code layer.dtype}): the dtype of its weights. */
  public String variableDtype() {
    return dtypePolicy.variableDtype();
  }

  /**
   * True when {@code call} computes correctly with inputs and weights in {@code dtype} ({@code
   * "bfloat16"}, {@code "float16"}; always asked for a policy that does not compute in float32):
   * its constants made in its inputs' dtype, its statistics upcast where Keras upcasts them. False
   * by default, so that a layer refuses a mixed policy until it is known to honour it.
   */
  protected boolean supportsComputeDtype(String dtype) {
    return false;
  }

  /**
   * True (the default) when {@link #invoke} casts the floating inputs to the compute dtype, as
   * Keras's {@code Layer.__call__}; a model returns false, its layers cast their own inputs (as
   * Keras's Functional, which sets {@code _convert_input_args = False}).
   */
  protected boolean autocastInputs() {
    return true;
  }

  /** Refuses a dtype policy this layer cannot compute in, naming the layer and the policy. */
  private void checkDtypePolicy() {
    String dtype = dtypePolicy.computeDtype();
    if (!"float32".equals(dtype) && !supportsComputeDtype(dtype)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + ") does not compute in " + dtype
          + " in jkeras yet: give it dtype(\"float32\") to run it in float32 inside a model of dtype policy \""
          + dtypePolicy.name() + "\". Received: dtype=" + dtypePolicy.name());
    }
  }

  public boolean trainable() {
    return trainable;
  }

  /**
   * Freezes ({@code false}) or unfreezes the layer, its weights created trainable and the layers it
   * holds, as Keras's {@code layer.trainable = value}: a frozen weight gets no gradient.
   */
  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
    for (KerasVariable v : trainableVariables) {
      v.setTrainable(trainable);
    }
    for (Layer l : trackedLayers()) {
      l.setTrainable(trainable);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Creates the weights for inputs of {@code inputShape}. Single-input layers with weights override it. */
  public void build(Shape inputShape) {}

  /** Creates the weights for several inputs; by default the layer takes exactly one. */
  public void build(List<Shape> inputShapes) {
    build(single(inputShapes, "inputs"));
  }

  /** Builds once; later calls check that the input shapes still fit. */
  public final void ensureBuilt(Shape inputShape) {
    ensureBuilt(List.of(inputShape));
  }

  /** Builds once for these input shapes; later calls check that they still fit. */
  public final void ensureBuilt(List<Shape> inputShapes) {
    if (built) {
      checkCompatible(inputShapes);
      return;
    }
    validateInputShapes(inputShapes);
    build(inputShapes);
    builtInputShapes = List.copyOf(inputShapes);
    built = true;
  }

  /** Rejects input ranks or sizes the layer cannot take, before anything is created. */
  protected void validateInputShape(Shape inputShape) {}

  /** As {@link #validateInputShape(Shape)}, for a layer's list of inputs; by default the layer takes one. */
  protected void validateInputShapes(List<Shape> inputShapes) {
    validateInputShape(single(inputShapes, "inputs"));
  }

  private void checkCompatible(List<Shape> inputShapes) {
    if (builtInputShapes == null) {
      return;
    }
    if (inputShapes.size() != builtInputShapes.size()) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" expects " + builtInputShapes.size()
          + " input(s), but it received " + inputShapes.size() + " input tensors.");
    }
    for (int k = 0; k < inputShapes.size(); k++) {
      Shape built = builtInputShapes.get(k);
      Shape in = inputShapes.get(k);
      boolean ok = built.numDimensions() == in.numDimensions();
      for (int i = 1; ok && i < in.numDimensions(); i++) {
        long a = built.get(i);
        long b = in.get(i);
        ok = a < 0 || b < 0 || a == b;
      }
      if (!ok) {
        throw new IllegalArgumentException("Input " + k + " of layer \"" + name() + "\" is incompatible with the layer:"
            + " expected shape=" + Shapes.format(built) + ", found shape=" + Shapes.format(in));
      }
    }
  }

  public boolean built() {
    return built;
  }

  /** The (first) input shape the layer was built for (batch dimension -1), or null before building. */
  public Shape builtInputShape() {
    return builtInputShapes == null ? null : builtInputShapes.get(0);
  }

  /** Every input shape the layer was built for, or null before building. */
  public List<Shape> builtInputShapes() {
    return builtInputShapes;
  }

  // ---------------------------------------------------------------- math

  /**
   * Pure math: the layer's output for {@code x}. Single-input layers override this; training
   * behaviour (dropout...) follows {@code ctx.training()}, weights are read with {@code ctx.value(w)}.
   */
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    throw new UnsupportedOperationException("Layer " + className() + " does not implement call(ctx, x).");
  }

  /** Pure math for several inputs or outputs; by default the layer takes one input and gives one output. */
  public List<Operand<TFloat32>> call(CallContext ctx, List<Operand<TFloat32>> inputs) {
    return List.of(call(ctx, single(inputs, "inputs")));
  }

  /**
   * Keras's {@code layer(x)} on graph operands: builds the layer for their shapes on first use,
   * calls it in its own name scope, and adds its activity-regularisation penalty to the context's
   * losses. What a custom layer's {@code call} uses to call the layers it holds.
   */
  public final List<Operand<TFloat32>> invoke(CallContext ctx, List<Operand<TFloat32>> inputs) {
    List<Shape> shapes = new ArrayList<>();
    for (Operand<TFloat32> x : inputs) {
      shapes.add(Shapes.withBatch(Shapes.sample(x.shape())));
    }
    checkDtypePolicy();
    ensureBuilt(shapes);
    CallContext scoped = ctx.withSubScope(name()).withPolicy(dtypePolicy);
    List<Operand<TFloat32>> cast = inputs;
    if (autocastInputs()) {
      cast = new ArrayList<>();
      for (Operand<TFloat32> x : inputs) {
        cast.add(DTypes.cast(scoped.tf(), x, dtypePolicy.computeDtype()));
      }
    }
    List<Operand<TFloat32>> outputs = call(scoped, cast);
    if (activityRegularizer != null) {
      Ops tf = scoped.tf();
      for (Operand<TFloat32> y : outputs) {
        // Keras 3: the penalty on each output, divided by the batch size (divide_no_nan); a loss, so in float32.
        Operand<TFloat32> batch = tf.dtypes.cast(tf.gather(tf.shape(y), tf.constant(0), tf.constant(0)), TFloat32.class);
        scoped.addLoss(tf.math.divNoNan(activityRegularizer.call(tf, DTypes.toFloat32(tf, y)), batch));
      }
    }
    return outputs;
  }

  /** {@link #invoke(CallContext, List)} for one input and one output. */
  public final Operand<TFloat32> invoke(CallContext ctx, Operand<TFloat32> x) {
    return single(invoke(ctx, List.of(x)), "outputs");
  }

  // ---------------------------------------------------------------- shapes

  /**
   * The output shape for an input of {@code inputShape}, computed without running anything. The
   * default builds {@code call} on placeholders in a scratch graph and reads the static shape
   * (Keras's {@code compute_output_spec}); layers with known shape rules override it.
   */
  public Shape computeOutputShape(Shape inputShape) {
    return single(SymbolicCall.outputShapes(this, List.of(inputShape)), "outputs");
  }

  /** The output shapes for several inputs; by default the layer takes one input and gives one output. */
  public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
    if (inputShapes.size() == 1) {
      return List.of(computeOutputShape(inputShapes.get(0)));
    }
    return symbolicOutputShapes(inputShapes);
  }

  /** The output shapes found by building {@code call} on placeholders of these shapes (see {@link SymbolicCall}). */
  protected final List<Shape> symbolicOutputShapes(List<Shape> inputShapes) {
    return SymbolicCall.outputShapes(this, inputShapes);
  }

  // ---------------------------------------------------------------- functional API

  /** Functional API: {@code x = layer.apply(x)} is Keras's {@code x = layer(x)}; {@code training(false)} fixes the mode. */
  public KerasTensor apply(KerasTensor input, Args.CallArg... kwargs) {
    return single(applyAll(List.of(input), kwargs), "outputs");
  }

  /** Keras's {@code layer([x, y, ...])} for a layer of several inputs (Add, Concatenate...). */
  public KerasTensor apply(KerasTensor first, KerasTensor second, KerasTensor... more) {
    List<KerasTensor> inputs = new ArrayList<>(List.of(first, second));
    inputs.addAll(List.of(more));
    return apply(inputs);
  }

  /** Keras's {@code layer([x, y, ...])}. */
  public KerasTensor apply(List<KerasTensor> inputs, Args.CallArg... kwargs) {
    return single(applyAll(inputs, kwargs), "outputs");
  }

  /** The layer called on symbolic tensors, all its outputs (a model of several outputs gives several). */
  public List<KerasTensor> applyAll(List<KerasTensor> inputs, Args.CallArg... kwargs) {
    if (inputs == null || inputs.isEmpty() || inputs.stream().anyMatch(Objects::isNull)) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" must be called on at least one KerasTensor. Received: "
          + inputs);
    }
    List<Shape> shapes = new ArrayList<>();
    for (KerasTensor t : inputs) {
      shapes.add(t.shape());
    }
    ensureBuilt(shapes);
    List<Shape> outShapes = computeOutputShapes(shapes);
    Args.Training training = Args.find(kwargs, Args.Training.class);
    Node node = new Node(this, inputs, outShapes, training == null ? null : training.value());
    inboundNodes.add(node);
    return node.outputs();
  }

  /** The calls of this layer in functional graphs, in order (Keras's {@code _inbound_nodes}). */
  public List<Node> inboundNodes() {
    return Collections.unmodifiableList(inboundNodes);
  }

  /** For {@link InputLayer}: records its own node. */
  void addInboundNode(Node node) {
    inboundNodes.add(node);
  }

  private <T> T single(List<T> items, String what) {
    if (items.size() != 1) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + ") takes and gives one tensor, "
          + "but " + what + " are " + items.size() + ".");
    }
    return items.get(0);
  }

  // ---------------------------------------------------------------- weights

  /** Keras's {@code add_weight}: creates a weight owned by this layer (called from {@code build}). */
  protected KerasVariable addWeight(
      String weightName, Shape shape, Initializer initializer, Regularizer regularizer, boolean trainable) {
    if (!"float32".equals(dtypePolicy.variableDtype())) {
      throw new IllegalArgumentException("Layer \"" + name() + "\" (" + className() + ") cannot create its weight `"
          + weightName + "` in " + dtypePolicy.variableDtype() + ": jkeras keeps weights in float32. Use the policy \"mixed_"
          + dtypePolicy.variableDtype() + "\" (float32 weights, " + dtypePolicy.computeDtype() + " computations)."
          + " Received: dtype=" + dtypePolicy.name());
    }
    KerasVariable v = new KerasVariable(name() + "/" + weightName, shape, initializer, trainable && this.trainable);
    (trainable ? trainableVariables : nonTrainableVariables).add(v);
    if (regularizer != null) {
      regularizers.put(v, regularizer);
    }
    return v;
  }

  /**
   * All weights, as Keras's {@code layer.weights}: this layer's own (those created trainable, then
   * the others, each in creation order), then those of the layers it holds, each once. A model's
   * are its layers' in order.
   */
  public List<KerasVariable> weights() {
    List<KerasVariable> out = new ArrayList<>(trainableVariables);
    out.addAll(nonTrainableVariables);
    List<Layer> held = trackedLayers();
    if (held.isEmpty()) {
      return out;
    }
    Set<KerasVariable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.addAll(out);
    for (Layer l : held) {
      for (KerasVariable v : l.weights()) {
        if (seen.add(v)) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** The weights that receive gradients: none when the layer is frozen. */
  public List<KerasVariable> trainableWeights() {
    List<KerasVariable> out = new ArrayList<>();
    if (trainable) {
      for (KerasVariable v : weights()) {
        if (v.trainable()) {
          out.add(v);
        }
      }
    }
    return out;
  }

  /** The weights that receive no gradient: all of them when the layer is frozen. */
  public List<KerasVariable> nonTrainableWeights() {
    if (!trainable) {
      return weights();
    }
    List<KerasVariable> out = new ArrayList<>();
    for (KerasVariable v : weights()) {
      if (!v.trainable()) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * The layers of a model, as Keras's {@code model.layers} (which its weights file and legacy
   * weight files walk into); null for a layer that is not a model.
   */
  public List<Layer> containedLayers() {
    return null;
  }

  /** The layers this layer holds in its fields (Keras's tracked attributes); see {@link TrackedLayers}. */
  public List<Layer> trackedLayers() {
    return TrackedLayers.of(this);
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
    return new ArrayList<>(KerasVariable.getValues(weights()));
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

  /** The regularizer of {@code weight}, created by this layer or a layer it holds or contains; null if none. */
  public Regularizer regularizer(KerasVariable weight) {
    Regularizer r = regularizers.get(weight);
    if (r != null) {
      return r;
    }
    for (Layer l : trackedLayers()) {
      r = l.regularizer(weight);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /**
   * Regularisation penalties of the trainable weights, as Keras's {@code layer.losses} (one term
   * per regularised weight; frozen weights contribute none), reading each weight through {@code ctx}.
   */
  public List<Operand<TFloat32>> regularizationLosses(CallContext ctx) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    Ops tf = ctx.tf();
    for (KerasVariable v : trainableWeights()) {
      Regularizer r = regularizer(v);
      if (r != null) {
        out.add(r.call(tf, tf.identity(ctx.value(v))));
      }
    }
    return out;
  }

  /**
   * Keras's {@code layer.losses} (and {@code model.losses}) outside training: the current value of
   * each weight-regularisation penalty, one per regularised trainable weight, in weight order.
   * The trainer adds exactly these terms (summed, not averaged) to every batch's loss.
   */
  public List<Double> losses() {
    List<Double> out = new ArrayList<>();
    for (KerasVariable v : trainableWeights()) {
      Regularizer r = regularizer(v);
      if (r != null) {
        out.add((double) r.call(v.getValue()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- config

  /**
   * Keras's {@code get_config()}: what Keras's base layer writes ({@code name}, {@code trainable},
   * {@code dtype} as the serialized dtype policy, {@code activity_regularizer} when set), to which
   * each layer adds its constructor arguments. Each layer class has the inverse beside it, a static
   * {@code fromConfig(Map)}.
   */
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name());
    c.put("trainable", trainable);
    c.put("dtype", dtypePolicy.serialize());
    if (activityRegularizer != null) {
      c.put("activity_regularizer", Regularizers.serialize(activityRegularizer));
    }
    return c;
  }

  /**
   * Keras's {@code get_build_config()}, written beside the config in a {@code .keras} file: {@code
   * {"input_shape": [null, 28, 28, 1]}} (a list of shapes for a layer called on several tensors)
   * once built; null before, and for the layers Keras builds when they are made ({@link
   * #buildsAtInit()}), for which Keras writes none.
   */
  public Map<String, Object> getBuildConfig() {
    if (!built || builtInputShapes == null || buildsAtInit()) {
      return null;
    }
    Map<String, Object> c = new LinkedHashMap<>();
    if (builtInputShapes.size() == 1) {
      c.put("input_shape", shapeList(builtInputShapes.get(0)));
    } else {
      List<Object> shapes = new ArrayList<>();
      for (Shape s : builtInputShapes) {
        shapes.add(shapeList(s));
      }
      c.put("input_shape", shapes);
    }
    return c;
  }

  /**
   * True for the stateless layers Keras builds in their constructor ({@code self._build_at_init()}:
   * pooling, Dropout, Activation...), so that a {@code .keras} file jkeras writes has the build
   * configs Keras's has. Loading does not depend on it.
   */
  protected boolean buildsAtInit() {
    return false;
  }

  /**
   * Keras's {@code supports_jit}: whether XLA can compile this layer's own ops. True but for the
   * layers Keras marks false (here {@code RandomCrop}, {@code RandomRotation}, {@code RandomZoom},
   * {@code RandomTranslation}, {@code RandomShear}, {@code RandomPerspective}); a model holding one
   * is compiled without {@code jit_compile}, as Keras's {@code model_supports_jit}.
   */
  public boolean supportsJit() {
    return true;
  }

  /** Keras's {@code all(x.supports_jit for x in self._flatten_layers())}: this layer and every layer it holds. */
  public boolean allSupportJit() {
    return allSupportJit(this, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static boolean allSupportJit(Layer layer, Set<Layer> seen) {
    if (!seen.add(layer)) {
      return true;
    }
    if (!layer.supportsJit()) {
      return false;
    }
    List<Layer> held = new ArrayList<>(layer.trackedLayers());
    if (layer.containedLayers() != null) {
      held.addAll(layer.containedLayers());
    }
    for (Layer l : held) {
      if (!allSupportJit(l, seen)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether Keras's {@code call} of this layer takes a {@code mask} argument ({@code
   * _call_has_mask_arg}: BatchNormalization, models): Keras then records {@code "mask": null} in
   * the call's kwargs of a functional config, and so does jkeras.
   */
  public boolean callTakesMask() {
    return false;
  }

  /**
   * The default of {@code training} in Keras's {@code call} of this layer when it is not None
   * ({@code Dropout.call(inputs, training=False)}, the image preprocessing layers' {@code
   * training=True}): Keras records it with each call in a functional config, and so does jkeras.
   * Null for the others. It does not change what the layer computes in jkeras.
   */
  public Boolean callTrainingDefault() {
    return null;
  }

  /** A shape as Keras writes it in JSON: unknown dimensions as null. */
  private static List<Object> shapeList(Shape s) {
    List<Object> out = new ArrayList<>();
    for (long d : s.asArray()) {
      out.add(d < 0 ? null : d);
    }
    return out;
  }

  /**
   * For a layer's {@code fromConfig}: applies the base arguments of {@code config} ({@code name},
   * {@code trainable}, {@code activity_regularizer}, {@code dtype}: the layer's policy, the global
   * one when absent) to the new {@code layer}. Also reads {@code batch_input_shape}, where configs that jkeras
   * wrote before Keras 3's format kept a first layer's {@code inputShape}.
   */
  protected static <L extends Layer> L withBaseConfig(L layer, Config config) {
    if (config.get("dtype") != null) {
      layer.dtype(DTypePolicy.deserialize(config.get("dtype")));
    }
    if (config.has("name")) {
      layer.name(config.getString("name"));
    }
    if (config.has("activity_regularizer")) {
      layer.activityRegularizer(Regularizers.deserialize(config.get("activity_regularizer")));
    }
    if (config.has("batch_input_shape")) {
      List<Object> shape = config.getListOrNull("batch_input_shape");
      int[] sample = new int[shape.size() - 1];
      for (int i = 1; i < shape.size(); i++) {
        sample[i - 1] = ((Number) shape.get(i)).intValue();
      }
      layer.inputShape(sample);
    }
    if (!config.getBoolean("trainable", true)) {
      layer.setTrainable(false);
    }
    return layer;
  }

  @Override
  public String toString() {
    return "<" + className() + " name=" + name() + ", built=" + built + ">";
  }
}
