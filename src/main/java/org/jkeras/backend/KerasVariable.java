package org.jkeras.backend;

import java.util.Arrays;
import org.jkeras.initializers.Initializer;
import org.jkeras.regularizers.Regularizer;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A layer weight, like {@code keras.Variable}: a name, a shape, an initializer, an optional
 * regularizer and a trainable flag.
 *
 * <p>Its value lives in exactly one place: in the graph of the model that uses it (a TF
 * {@code VariableV2}, so that TF-Java's saver and SavedModel export see it) or, before any model
 * has run, on the host. Moving a weight into another model's graph carries its value over.
 */
public final class KerasVariable {

  private final String name;
  private final String path;
  private final Shape shape;
  private final Initializer initializer;
  private final Regularizer regularizer;
  private boolean trainable;

  private GraphContext context;
  private Variable<TFloat32> variable;
  private String graphName;
  private Placeholder<TFloat32> assignInput;
  private Assign<TFloat32> assignOp;
  /** A value waiting to be written into the graph, or the value of a weight in no graph. */
  private FloatNdArray hostValue;
  private boolean freed;

  public KerasVariable(
      String path, Shape shape, Initializer initializer, Regularizer regularizer, boolean trainable) {
    if (shape.isUnknown() || Arrays.stream(shape.asArray()).anyMatch(d -> d < 0)) {
      throw new IllegalArgumentException(
          "Received an invalid shape for weight `" + path + "`: every dimension must be known. Received: shape=" + Shapes.format(shape));
    }
    this.path = path;
    this.name = path.substring(path.lastIndexOf('/') + 1);
    this.shape = shape;
    this.initializer = initializer;
    this.regularizer = regularizer;
    this.trainable = trainable;
  }

  /** Short name, e.g. {@code kernel}. */
  public String name() {
    return name;
  }

  /** Layer-qualified name, e.g. {@code conv2d/kernel}. */
  public String path() {
    return path;
  }

  public Shape shape() {
    return shape;
  }

  public long size() {
    return shape.size();
  }

  public Initializer initializer() {
    return initializer;
  }

  public Regularizer regularizer() {
    return regularizer;
  }

  public boolean trainable() {
    return trainable;
  }

  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /** The name of the TF variable op once materialised (usually {@link #path()}). */
  public String graphName() {
    return graphName;
  }

  public GraphContext context() {
    return context;
  }

  private static final ThreadLocal<java.util.Map<KerasVariable, Operand<TFloat32>>> OVERRIDES = new ThreadLocal<>();

  /**
   * Runs {@code build} with {@link #value()} of the given weights answering other operands (their
   * copies in another graph): how an export graph is built from the same layer code.
   */
  public static <T> T withValues(java.util.Map<KerasVariable, Operand<TFloat32>> values, java.util.function.Supplier<T> build) {
    java.util.Map<KerasVariable, Operand<TFloat32>> before = OVERRIDES.get();
    OVERRIDES.set(values);
    try {
      return build.get();
    } finally {
      OVERRIDES.set(before);
    }
  }

  /** The TF variable, for use inside {@code Layer.call}. The weight must be in {@code tf}'s graph. */
  public Operand<TFloat32> value() {
    java.util.Map<KerasVariable, Operand<TFloat32>> o = OVERRIDES.get();
    if (o != null && o.containsKey(this)) {
      return o.get(this);
    }
    if (variable == null) {
      throw new IllegalStateException(
          "Weight `" + path + "` is not part of a TensorFlow graph yet; build the model before calling its layers.");
    }
    return variable;
  }

  /** Creates the TF variable in {@code ctx}'s graph, carrying over a value held elsewhere. */
  public void materialize(GraphContext ctx) {
    if (context == ctx) {
      return;
    }
    if (freed) {
      throw new IllegalStateException(
          "The value of weight `" + path + "` was freed when the model that held it was closed.");
    }
    FloatNdArray carried = hostValue;
    if (context != null) {
      carried = getValue();
      GraphContext old = context;
      detach(old);
      old.forget(this);
    }
    Ops tf = ctx.tf();
    graphName = ctx.reserveName(path);
    Operand<TFloat32> init = initializer.call(tf.withInitScope().withSubScope("initializers"), shape);
    variable = ctx.named(graphName).variable(init);
    assignInput = null;
    assignOp = null;
    context = ctx;
    ctx.register(this);
    hostValue = carried;
    if (hostValue != null) {
      ctx.schedulePendingValue(this);
    }
  }

  /** A copy of the current value. */
  public FloatNdArray getValue() {
    if (hostValue != null) {
      return copy(hostValue);
    }
    if (context == null) {
      if (freed) {
        throw new IllegalStateException(
            "The value of weight `" + path + "` was freed when the model that held it was closed.");
      }
      // Not in any graph yet: run the initializer once, like Keras creating the variable eagerly.
      try (GraphContext scratch = new GraphContext()) {
        materialize(scratch);
        hostValue = fetch();
      }
      freed = false;
      return copy(hostValue);
    }
    return fetch();
  }

  private FloatNdArray fetch() {
    try (TFloat32 t = (TFloat32) context.runner().fetch(variable).run().get(0)) {
      FloatNdArray out = NdArrays.ofFloats(shape);
      t.copyTo(out);
      return out;
    }
  }

  /** Sets the value; the shape must match exactly. */
  public void assign(FloatNdArray value) {
    if (!value.shape().equals(shape)) {
      throw new IllegalArgumentException(
          "Weight `" + path + "` has shape " + Shapes.format(shape)
              + " but the value assigned to it has shape " + Shapes.format(value.shape())
              + ". Received: value.shape=" + Shapes.format(value.shape()));
    }
    hostValue = copy(value);
    freed = false;
    if (context != null) {
      context.schedulePendingValue(this);
    }
  }

  void writePendingValue() {
    if (hostValue == null || context == null) {
      return;
    }
    if (assignOp == null) {
      Ops tf = context.tf();
      assignInput = tf.withSubScope("assign_values").placeholder(TFloat32.class, Placeholder.shape(shape));
      assignOp = tf.withSubScope("assign_values").assign(variable, assignInput);
    }
    try (TFloat32 t = TFloat32.tensorOf(shape)) {
      hostValue.copyTo(t);
      context.session().runner().feed(assignInput, t).addTarget(assignOp).run();
    }
    hostValue = null;
  }

  /** Called when {@code ctx} closes: the graph value is gone with it. */
  void detach(GraphContext ctx) {
    if (context != ctx) {
      return;
    }
    context = null;
    variable = null;
    assignInput = null;
    assignOp = null;
    if (hostValue == null) {
      freed = true;
    }
  }

  private static FloatNdArray copy(FloatNdArray a) {
    FloatNdArray out = NdArrays.ofFloats(a.shape());
    a.copyTo(out);
    return out;
  }

  @Override
  public String toString() {
    return "<KerasVariable path=" + path + ", shape=" + Shapes.format(shape) + ">";
  }
}
