package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.regularizers.L1L2;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code ActivityRegularization(l1=0.0, l2=0.0)}: passes its input through and adds {@code
 * (l1 * sum(|x|) + l2 * sum(x^2)) / batch_size} to the loss, as any layer's {@code
 * activity_regularizer} (here an {@link L1L2}), in training and in {@code evaluate}'s loss.
 */
public class ActivityRegularization extends Layer {
  private final double l1;
  private final double l2;

  /** {@code ActivityRegularization()}: both factors 0. */
  public ActivityRegularization() {
    this(0.0, 0.0);
  }

  public ActivityRegularization(double l1, double l2) {
    this.l1 = l1;
    this.l2 = l2;
    super.activityRegularizer(new L1L2(l1, l2));
  }

  @Override
  public ActivityRegularization name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public ActivityRegularization inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public double l1() {
    return l1;
  }

  public double l2() {
    return l2;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return x;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Keras builds this layer when it is made: its saved config has no {@code build_config}. */
  @Override
  protected boolean buildsAtInit() {
    return true;
  }

  /** Keras's: the base config without {@code activity_regularizer} (it is {@code l1} and {@code l2}). */
  /** Computes in any float dtype (mixed precision): its output is its input; Layer.invoke takes the penalty in float32. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.remove("activity_regularizer");
    c.put("l1", l1);
    c.put("l2", l2);
    return c;
  }

  /** Keras's {@code from_config}. */
  public static ActivityRegularization fromConfig(Map<String, Object> config) {
    Map<String, Object> values = new LinkedHashMap<>(config);
    values.remove("activity_regularizer");
    Config c = Config.of("ActivityRegularization", values);
    return withBaseConfig(new ActivityRegularization(c.getDouble("l1", 0.0), c.getDouble("l2", 0.0)), c);
  }
}
