package org.jkeras.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Shapes;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.initializers.Zeros;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code PReLU(alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None,
 * shared_axes=None)}: a leaky relu whose negative slope {@code alpha} is learned, one per input
 * value: {@code relu(x) - alpha * relu(-x)}. {@code alpha} has the shape of a sample, with 1 on the
 * {@code sharedAxes} (numbered from 1, as Keras), e.g. {@code sharedAxes(1, 2)} for one slope per
 * channel of a feature map. It starts at 0 (plain relu). Constraints are not implemented.
 */
public class PReLU extends Layer {
  private Initializer alphaInitializer = new Zeros();
  private Regularizer alphaRegularizer;
  private int[] sharedAxes;
  private KerasVariable alpha;

  public PReLU() {}

  public PReLU alphaInitializer(String initializer) {
    return alphaInitializer(Initializers.get(initializer));
  }

  public PReLU alphaInitializer(Initializer initializer) {
    this.alphaInitializer = initializer;
    return this;
  }

  public PReLU alphaRegularizer(String regularizer) {
    return alphaRegularizer(Regularizers.get(regularizer));
  }

  public PReLU alphaRegularizer(Regularizer regularizer) {
    this.alphaRegularizer = regularizer;
    return this;
  }

  /** Keras's {@code shared_axes}: the sample axes (from 1) along which one alpha is shared. */
  public PReLU sharedAxes(int... sharedAxes) {
    this.sharedAxes = sharedAxes == null ? null : sharedAxes.clone();
    return this;
  }

  @Override
  public PReLU name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public PReLU inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  /** The slope weight (null before building). */
  public KerasVariable alpha() {
    return alpha;
  }

  @Override
  protected void validateInputShape(Shape inputShape) {
    int rank = inputShape.numDimensions();
    if (sharedAxes != null) {
      for (int a : sharedAxes) {
        if (a < 1 || a >= rank) {
          throw new IllegalArgumentException("Received an invalid value for `shared_axes`: axes are numbered from 1 to "
              + (rank - 1) + " for input shape " + Shapes.format(inputShape) + ". Received: shared_axes="
              + Arrays.toString(sharedAxes));
        }
      }
    }
    for (int i = 1; i < rank; i++) {
      if (inputShape.get(i) < 0 && !isShared(i)) {
        throw new IllegalArgumentException("Layer \"" + name() + "\" needs known dimensions on the axes alpha covers."
            + " Received: input_shape=" + Shapes.format(inputShape));
      }
    }
  }

  private boolean isShared(int axis) {
    return sharedAxes != null && Arrays.stream(sharedAxes).anyMatch(a -> a == axis);
  }

  @Override
  public void build(Shape inputShape) {
    long[] shape = Shapes.sample(inputShape).asArray();
    for (int i = 0; i < shape.length; i++) {
      if (isShared(i + 1)) {
        shape[i] = 1;
      }
    }
    alpha = addWeight("alpha", Shape.of(shape), alphaInitializer, alphaRegularizer, true);
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TFloat32> pos = tf.nn.relu(x);
    Operand<TFloat32> neg = tf.math.mul(tf.math.neg(ctx.value(alpha)), tf.nn.relu(tf.math.neg(x)));
    return tf.math.add(pos, neg);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape;
  }

  /** Computes in any float dtype (mixed precision): {@code alpha} read cast to the compute dtype (Keras's autocast). */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("alpha_initializer", Initializers.serialize(alphaInitializer));
    c.put("alpha_regularizer", Regularizers.serialize(alphaRegularizer));
    c.put("alpha_constraint", null);
    c.put("shared_axes", sharedAxes == null ? null : Configs.list(sharedAxes));
    return c;
  }

  /** Keras's {@code from_config}; constraints are not implemented. */
  public static PReLU fromConfig(Map<String, Object> config) {
    Config c = Config.of("PReLU", config);
    c.requireDefault("alpha_constraint", null);
    PReLU l = new PReLU().alphaRegularizer(Regularizers.deserialize(c.get("alpha_regularizer")));
    if (c.has("alpha_initializer")) {
      l.alphaInitializer(Initializers.deserialize(c.get("alpha_initializer")));
    }
    if (c.has("shared_axes")) {
      l.sharedAxes(c.getInts("shared_axes"));
    }
    return withBaseConfig(l, c);
  }
}
