package org.jkeras.backend;

import java.util.ArrayList;
import java.util.Arrays;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.op.train.ResourceApplyAdagrad;
import org.tensorflow.types.TFloat32;

/**
 * A layer weight, like {@code keras.Variable}: a name, a shape, an initializer and a trainable
 * flag (its regularizer, if any, is its layer's: {@code Layer.addWeight}).
 *
 * <p>Its value lives in exactly one place: in the graph of the model that uses it or, before any
 * model has run, on the host. Moving a weight into another model's graph carries its value over.
 *
 * <p>In a model's graph it is a resource variable, as Keras's on TensorFlow ({@code VarHandleOp}
 * named by the weight's path), with one {@code ReadVariableOp} that every step of that graph
 * computes with ({@link #value()}). A read is a snapshot: an update that runs while a step still
 * uses the value it read copies the buffer first (TF's copy-on-write for resource variables), so
 * each weight's update in a training step ({@link #assignSub}...) only has to come after that
 * step's read of it, and overlaps with the rest of the backward pass, where a reference variable
 * ({@code VariableV2}, updated in place under every reader) had to wait for the whole backward pass.
 * The SavedModel export builds its own graph, where its call context reads each weight from the
 * export's own variable ({@code saving.SavedModels}).
 */
public final class KerasVariable {

  private final String name;
  private final String path;
  private final Shape shape;
  private final InitialValue initializer;
  private boolean trainable;
  private boolean autocast = true;

  private GraphContext context;
  private VarHandleOp handle;
  /** The graph's read of the variable, which every step computes with. */
  private Operand<TFloat32> read;
  private String graphName;
  private Placeholder<TFloat32> assignInput;
  private Op assignOp;
  /** A value waiting to be written into the graph, or the value of a weight in no graph. */
  private FloatNdArray hostValue;
  private boolean freed;

  public KerasVariable(String path, Shape shape, InitialValue initializer, boolean trainable) {
    if (shape.isUnknown() || Arrays.stream(shape.asArray()).anyMatch(d -> d < 0)) {
      throw new IllegalArgumentException(
          "Received an invalid shape for weight `" + path + "`: every dimension must be known. Received: shape=" + Shapes.format(shape));
    }
    this.path = path;
    this.name = path.substring(path.lastIndexOf('/') + 1);
    this.shape = shape;
    this.initializer = initializer;
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

  public InitialValue initializer() {
    return initializer;
  }

  public boolean trainable() {
    return trainable;
  }

  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /**
   * Keras's {@code add_weight(autocast=...)}: true (the default) when a layer computing in another
   * dtype than float32 reads this weight cast to its compute dtype; false for weights whose math
   * stays in float32 (BatchNormalization's).
   */
  public boolean autocast() {
    return autocast;
  }

  public void setAutocast(boolean autocast) {
    this.autocast = autocast;
  }

  /** The name of the TF variable op once materialised (usually {@link #path()}). */
  public String graphName() {
    return graphName;
  }

  public GraphContext context() {
    return context;
  }

  /**
   * The weight's value in the graph it is materialised in: the graph's read of the variable (a
   * snapshot taken once per run, before any update of that run). Layers read weights through their
   * call context ({@code ctx.value(w)}), which gives this in a model's graph.
   */
  public Operand<TFloat32> value() {
    requireGraph();
    return read;
  }

  private void requireGraph() {
    if (handle == null) {
      throw new IllegalStateException(
          "Weight `" + path + "` is not part of a TensorFlow graph yet; build the model before calling its layers.");
    }
  }

  /**
   * {@code x}, passed on only once this run has read the variable ({@link #value()}): an update
   * that takes it runs after the read. (A data edge through an Identity, which forwards the buffer:
   * TF-Java's {@code withControlDependencies} replaces the caller's control dependencies, which the
   * update must keep.)
   */
  private Operand<TFloat32> afterRead(Ops tf, Operand<TFloat32> x) {
    requireGraph();
    return tf.withControlDependencies(List.of(read)).identity(x);
  }

  /**
   * The variable's value at this point of a graph step: a new read, which runs after {@code tf}'s
   * control dependencies (e.g. after an update of this variable), unlike {@link #value()}.
   */
  public Operand<TFloat32> read(Ops tf) {
    requireGraph();
    return tf.readVariableOp(handle, TFloat32.class);
  }

  /** The graph's read of the variable (null when in no graph). */
  Operand<TFloat32> readOp() {
    return read;
  }

  /**
   * Keras's {@code variable.assign(value)} in a graph step (e.g. a moving average): runs after
   * {@code tf}'s control dependencies and after the step's read.
   */
  public Op assign(Ops tf, Operand<TFloat32> value) {
    return tf.assignVariableOp(handle, afterRead(tf, value));
  }

  /** Keras's {@code variable.assign_add(delta)} in a graph step; runs after tf's control dependencies and the step's read. */
  public Op assignAdd(Ops tf, Operand<TFloat32> delta) {
    return tf.assignAddVariableOp(handle, afterRead(tf, delta));
  }

  /** Keras's {@code variable.assign_sub(delta)} in a graph step; runs after tf's control dependencies and the step's read. */
  public Op assignSub(Ops tf, Operand<TFloat32> delta) {
    return tf.assignSubVariableOp(handle, afterRead(tf, delta));
  }

  /**
   * Keras's {@code variable.assign_add(delta * factor)} in one kernel: TF's {@code
   * ResourceApplyGradientDescent} computes {@code var -= delta * (-factor)}, and since negating is
   * exact in IEEE arithmetic ({@code delta * -factor} is {@code -(delta * factor)}, and {@code a - (-p)}
   * is {@code a + p}), these are the bits of Keras's two ops, signed zeros included, in one pass over
   * the variable instead of two (Adam's momentum and velocity: {@code m += (g - m) * (1 - beta_1)}).
   * {@code factor} is a scalar. Runs after {@code tf}'s control dependencies and the step's read.
   */
  public Op assignAddProduct(Ops tf, Operand<TFloat32> delta, Operand<TFloat32> factor) {
    return tf.train.resourceApplyGradientDescent(handle, tf.math.neg(factor), afterRead(tf, delta));
  }

  /**
   * {@code w -= gradient * learningRate} in one kernel (TF's {@code ResourceApplyGradientDescent}):
   * the value of Keras's SGD, {@code assign_sub(variable, gradient * learning_rate)}, in one pass
   * over the weight instead of two; runs after tf's control dependencies and the step's read.
   */
  public Op applyGradientDescent(Ops tf, Operand<TFloat32> learningRate, Operand<TFloat32> gradient) {
    return tf.train.resourceApplyGradientDescent(handle, learningRate, afterRead(tf, gradient));
  }

  /**
   * {@code w -= numerator * scale / (sqrt(denominator) + epsilon)} in one kernel: TF's {@code
   * ResourceApplyAdagradV2} with {@code update_slots=false}, whose weight update is {@code var -=
   * grad * lr / (sqrt(accum) + epsilon)}. That is the last line of Keras's Adam ({@code
   * assign_sub(variable, m * alpha / (sqrt(v) + epsilon))}) with the same float32 operations in the
   * same order, so the same bits (checked on 60 million values, denormals and signed zeros
   * included), in one pass over the weight instead of five. {@code denominator} (a variable, e.g.
   * Adam's velocity) is read when the update runs, after {@code tf}'s control dependencies; the
   * update also runs after the step's read of this weight.
   */
  public Op assignSubOverRoot(Ops tf, Operand<TFloat32> numerator, Operand<TFloat32> scale, KerasVariable denominator,
      Operand<TFloat32> epsilon) {
    denominator.requireGraph();
    return tf.train.resourceApplyAdagrad(handle, denominator.handle, scale, epsilon, afterRead(tf, numerator),
        ResourceApplyAdagrad.updateSlots(false));
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
    if (context != null && carried == null) {
      carried = getValue();
    }
    if (context != null) {
      GraphContext old = context;
      detach(old);
      old.forget(this);
    }
    Ops tf = ctx.tf();
    graphName = ctx.reserveName(path);
    Ops initializers = ctx.initializerScope();
    // The shared name is the (unique) graph name: with an empty one, every variable of the session
    // would be the same resource. The handle is an ordinary op, run by whichever run uses it, not one
    // of the session's initializers: those run apart, before the first run, at the cost of a Grappler
    // pass over a graph of every handle (0.2 s for a ResNet50 with its Adam slots). The initial
    // assignment is the context's to run, once, and only when no value from the host replaces it
    // (GraphContext.runner()): a loaded model skips drawing its initial values, and never builds the
    // ops that would draw them (for a ResNet50 and its Adam slots, 0.3 s of a 3 s load).
    VarHandleOp h = ctx.named(graphName).varHandleOp(TFloat32.class, shape, VarHandleOp.sharedName(graphName));
    handle = h;
    ctx.scheduleInitialization(this, () -> initializers.assignVariableOp(h, initializer.call(initializers, shape)));
    read = ctx.named(ctx.reserveName(graphName + "_read")).readVariableOp(handle, TFloat32.class);
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
    try (TFloat32 t = (TFloat32) context.runner().fetch(read).run().get(0)) {
      FloatNdArray out = NdArrays.ofFloats(shape);
      t.copyTo(out);
      return out;
    }
  }

  /**
   * Copies of the current values of {@code variables}, in order, as {@link #getValue()} each: the
   * weights of one graph are read in one run ({@link ValueSnapshot}), since each run with other
   * fetches costs a Grappler pass and an executor over its graph, which made saving a ResNet50 take
   * minutes when it was one run per weight.
   */
  public static List<FloatNdArray> getValues(List<KerasVariable> variables) {
    List<FloatNdArray> out = new ArrayList<>(variables.size());
    try (ValueSnapshot values = ValueSnapshot.of(variables)) {
      for (int i = 0; i < variables.size(); i++) {
        FloatNdArray value = NdArrays.ofFloats(variables.get(i).shape);
        value.copyFrom(values.buffer(i));
        out.add(value);
      }
    }
    return out;
  }

  /**
   * Skips drawing this variable's initial value when that has not happened yet, for a caller that
   * assigns it in the graph before anything reads it: a worker receiving the chief's weights, as
   * Keras's non-chief workers receive their initial values instead of drawing them. Returns true
   * when the draw was skipped (the variable then holds no value until that assignment).
   */
  public boolean skipInitialValue() {
    return context != null && hostValue == null && context.dropInitialization(this);
  }

  /** Sets the value; the shape must match exactly. */
  public void assign(FloatNdArray value) {
    assignValue(value, true);
  }

  /**
   * Sets the value to {@code value} itself, not a copy: for a loader handing over arrays it has
   * just read and will not touch again (a copy of a ResNet50 and its optimizer state is 280 MB
   * more at the peak of loading). The shape must match exactly. A {@code TFloat32} handed over is
   * the variable's from then on: fed to the graph as it is, and closed once written.
   */
  public void assignHandedOver(FloatNdArray value) {
    assignValue(value, false);
  }

  private void assignValue(FloatNdArray value, boolean copy) {
    if (!value.shape().equals(shape)) {
      throw new IllegalArgumentException(
          "Weight `" + path + "` has shape " + Shapes.format(shape)
              + " but the value assigned to it has shape " + Shapes.format(value.shape())
              + ". Received: value.shape=" + Shapes.format(value.shape()));
    }
    FloatNdArray before = hostValue;
    hostValue = copy ? copy(value) : value;
    if (before instanceof Tensor t && before != hostValue) {
      t.close(); // a tensor handed over and not yet written
    }
    freed = false;
    if (context != null) {
      context.schedulePendingValue(this);
    }
  }

  /**
   * Builds the op that writes the value assigned from the host, if there is one and it is not
   * built yet. The context builds them all before its first run, so that the graph does not grow
   * between the runs that write them (a run after the graph grew first extends the session's copy).
   */
  void prepareWrite() {
    if (hostValue != null && context != null && assignOp == null) {
      Ops tf = context.assignValuesScope();
      assignInput = tf.placeholder(TFloat32.class, Placeholder.shape(shape));
      assignOp = tf.assignVariableOp(handle, assignInput);
    }
  }

  /**
   * Adds the write of the value assigned from the host to {@code runner}: a tensor handed over is
   * fed as it is, any other value is copied into a new tensor (added to {@code toClose}). Returns
   * the bytes newly allocated for it (0 for a tensor handed over), or -1 when there is no value to
   * write. The context writes all pending values in one run ({@link GraphContext#runner()}): one
   * run per weight would build one executor each over the whole graph, minutes for the thousand
   * weights and slots of a ResNet50.
   */
  long addPendingWrite(Session.Runner runner, List<Tensor> toClose) {
    if (hostValue == null || context == null) {
      return -1;
    }
    prepareWrite();
    if (hostValue instanceof TFloat32 handed) {
      runner.feed(assignInput, handed).addTarget(assignOp);
      return 0;
    }
    TFloat32 t = TFloat32.tensorOf(shape);
    toClose.add(t);
    hostValue.copyTo(t);
    runner.feed(assignInput, t).addTarget(assignOp);
    return size() * (long) Float.BYTES;
  }

  /** True when a value assigned from the host waits to be written into the graph. */
  boolean hasPendingWrite() {
    return hostValue != null && context != null;
  }

  /** Called once the run that {@link #addPendingWrite} joined has written the value. */
  void pendingValueWritten() {
    if (hostValue instanceof Tensor t) {
      t.close();
    }
    hostValue = null;
  }

  /** Called when {@code ctx} closes: the graph value is gone with it. */
  void detach(GraphContext ctx) {
    if (context != ctx) {
      return;
    }
    context = null;
    handle = null;
    read = null;
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
