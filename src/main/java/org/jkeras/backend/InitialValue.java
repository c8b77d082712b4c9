package org.jkeras.backend;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * How a variable gets its first value: graph ops for a value of its shape (Keras's initializers are these).
 *
 * <p>A value filled with one number (zeros, ones: Adam's slots, biases) must not be
 * constant-foldable: Grappler folds it at any size (its constant is stored compressed) into a
 * {@code Const} of the initialisation run, whose kernel the session keeps for its whole life, a
 * second copy of the variable; and the variable shares that constant's buffer, so its first update
 * copies it as well (TF's copy-on-write for resource variables). With Adam's two zero slots of the
 * seed CNN's 176 MB dense kernel that was 338 MB more in every step after the first
 * (src/bench/NOTES.md). Such initializers take their number through {@link #unfolded}. (TF's
 * classic constant folding, which folded values up to 10 MB of any kind, placeholders with defaults
 * included, is off in jkeras's sessions: {@link GraphContext#sessionConfig}.)
 */
@FunctionalInterface
public interface InitialValue {
  /** The initial value for a variable of {@code shape}. */
  Operand<TFloat32> call(Ops tf, Shape shape);

  /**
   * {@code value} as a graph input that Grappler's constant folding cannot see through (a {@code
   * PlaceholderWithDefault} that is never fed): the ops that take it run when the variable is
   * initialised and leave no constant behind. The value and the static shape stay the same.
   */
  static Operand<TFloat32> unfolded(Ops tf, float value) {
    return tf.placeholderWithDefault(tf.constant(value), Shape.scalar());
  }
}
