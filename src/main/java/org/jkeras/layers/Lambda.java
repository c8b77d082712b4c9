package org.jkeras.layers;

import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Shapes;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code Lambda(function, output_shape=None)}: a layer that applies a Java function to the
 * graph tensor, e.g. {@code new Lambda((tf, x) -> tf.math.square(x))}. Without {@link
 * #outputShape(int...)} the output shape is found by building the function on a placeholder.
 * It has no weights: a function that creates variables would not be trained or saved.
 *
 * <p>A Lambda layer is not serialisable: its config would have to carry the Java function (Keras
 * writes Python bytecode, which only Python can load, and only with {@code safe_mode=False}). So
 * {@link #getConfig()}, and with it {@code model.save}, refuses with a message saying so before
 * anything is written; {@code saveWeights} and {@code export} still work. Reading a Keras config of
 * a Lambda layer is refused the same way. To save such a model, write the function as a {@link
 * Layer} subclass with {@code getConfig} and {@code fromConfig}.
 */
public class Lambda extends Layer {
  /** The function of a Lambda layer: the output for the graph tensor {@code x}, built with {@code tf}. */
  @FunctionalInterface
  public interface Function {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x);
  }

  private final Function function;
  private Shape outputShape;

  public Lambda(Function function) {
    if (function == null) {
      throw new IllegalArgumentException("Lambda needs a function. Received: function=null");
    }
    this.function = function;
  }

  /** Keras's {@code output_shape}: the per-sample output shape, when the function's graph does not tell it. */
  public Lambda outputShape(int... sampleShape) {
    this.outputShape = Shapes.of(sampleShape);
    return this;
  }

  @Override
  public Lambda name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Lambda inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    return function.apply(ctx.tf(), x);
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    if (outputShape != null) {
      return Shape.of(inputShape.get(0)).append(outputShape);
    }
    return super.computeOutputShape(inputShape);
  }

  /**
   * Computes in any float dtype (mixed precision), as Keras's: the function gets its input cast to
   * the compute dtype, so a function that makes constants must make them in its input's dtype
   * (e.g. {@code DTypes.constantLike}); one that mixes in float32 constants fails in TF's op with
   * the two dtypes named. Give such a layer {@code dtype("float32")}.
   */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  /** Refuses: a Java function cannot be written into a config (see the class comment). */
  @Override
  public Map<String, Object> getConfig() {
    throw new UnsupportedOperationException("Lambda layers are not serialisable: layer \"" + name() + "\" holds a Java"
        + " function, which a config cannot carry. Write it as a Layer subclass with getConfig/fromConfig to save the"
        + " model, or save the weights alone with saveWeights.");
  }

  /** Refuses a Keras config of a Lambda layer: it holds Python code, which jkeras cannot run. */
  public static Lambda fromConfig(Map<String, Object> config) {
    throw new UnsupportedOperationException("Lambda layers are not serialisable: the config of Lambda layer \""
        + config.get("name") + "\" holds Python code, which jkeras cannot run. Rebuild the layer in Java with new"
        + " Lambda((tf, x) -> ...), or as a Layer subclass.");
  }
}
