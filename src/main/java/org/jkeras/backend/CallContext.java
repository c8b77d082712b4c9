package org.jkeras.backend;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * What a layer's {@code call} needs besides its inputs, passed to it rather than looked up: where
 * its ops go ({@link #tf()}), whether it is training, how it reads a weight ({@link #value}), the
 * step counter random layers seed from, where state updates and extra losses go, and the dtype
 * policy of the layer being called. Keras's call context together with its backend's graph scope
 * and its autocast scope: under a policy that computes in another dtype than float32 ({@code
 * "mixed_bfloat16"}), {@link #value} gives a weight cast to the compute dtype, as Keras's
 * {@code AutocastScope} does for the variables a layer reads in {@code call}.
 *
 * <p>One graph build (a training step, a prediction function, an export, a shape inference) makes
 * one root context; {@link #withTraining} and {@link #withSubScope} derive contexts that share its
 * updates and losses.
 */
public final class CallContext {
  private final Ops tf;
  private final boolean training;
  private final Build build;
  private final DTypePolicy policy;

  /** What every context of one graph build shares. */
  private static final class Build {
    final Function<KerasVariable, Operand<TFloat32>> reader;
    final Operand<TInt64> seedStep;
    final List<Op> updates = new ArrayList<>();
    final List<Operand<TFloat32>> losses = new ArrayList<>();

    Build(Function<KerasVariable, Operand<TFloat32>> reader, Operand<TInt64> seedStep) {
      this.reader = reader;
      this.seedStep = seedStep;
    }
  }

  private CallContext(Ops tf, boolean training, Build build, DTypePolicy policy) {
    this.tf = tf;
    this.training = training;
    this.build = build;
    this.policy = policy;
  }

  /**
   * A root context.
   *
   * @param reader the operand a weight reads as in this graph (its graph variable's read, or an
   *     export graph's copy of it)
   * @param seedStep the int64 scalar that random layers mix into their seeds (a trainer feeds a new
   *     value each step)
   */
  public static CallContext create(Ops tf, boolean training, Function<KerasVariable, Operand<TFloat32>> reader,
      Operand<TInt64> seedStep) {
    return new CallContext(tf, training, new Build(reader, seedStep), DTypePolicy.FLOAT32);
  }

  /** A root context on {@code graph}: weights read through their variables in it. */
  public static CallContext of(GraphContext graph, Ops tf, boolean training) {
    return create(tf, training, KerasVariable::value, graph.step());
  }

  /** The ops builder, scoped to the layer being called. */
  public Ops tf() {
    return tf;
  }

  /** Keras's {@code training} argument: dropout, augmentation and batch statistics are on when true. */
  public boolean training() {
    return training;
  }

  /** The dtype policy of the layer being called (float32 in a root context). */
  public DTypePolicy dtypePolicy() {
    return policy;
  }

  /**
   * The value of a weight in this graph, what {@code call} computes with: in the policy's compute
   * dtype, unless the weight is not autocast ({@link KerasVariable#autocast()}, as
   * BatchNormalization's), which reads in float32.
   */
  public Operand<TFloat32> value(KerasVariable weight) {
    Operand<TFloat32> v = build.reader.apply(weight);
    return weight.autocast() ? DTypes.cast(tf, v, policy.computeDtype()) : v;
  }

  /** The step counter (an int64 scalar) that random layers mix into their seeds. */
  public Operand<TInt64> seedStep() {
    return build.seedStep;
  }

  /** Registers a state update (a moving average...) that runs with the training step being built. */
  public void addUpdate(Op update) {
    build.updates.add(update);
  }

  /** Keras's {@code add_loss}: a scalar added to the loss of the step being built. */
  public void addLoss(Operand<TFloat32> loss) {
    build.losses.add(loss);
  }

  public List<Op> updates() {
    return Collections.unmodifiableList(build.updates);
  }

  public List<Operand<TFloat32>> losses() {
    return Collections.unmodifiableList(build.losses);
  }

  /** This context with {@code training} set, as Keras's {@code layer(x, training=False)}. */
  public CallContext withTraining(boolean training) {
    return training == this.training ? this : new CallContext(tf, training, build, policy);
  }

  /** This context with its ops in the name scope {@code name} ({@code dense/MatMul}...). */
  public CallContext withSubScope(String name) {
    return new CallContext(tf.withSubScope(name), training, build, policy);
  }

  /** This context for a layer of dtype policy {@code policy}: its weights read in its compute dtype. */
  public CallContext withPolicy(DTypePolicy policy) {
    return policy == this.policy ? this : new CallContext(tf, training, build, policy);
  }
}
