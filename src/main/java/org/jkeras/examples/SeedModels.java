package org.jkeras.examples;

import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.models.Sequential;
import org.jkeras.regularizers.Regularizers;

/**
 * The seed article's models, line for line. Section 4.2:
 *
 * <pre>
 * model = tf.keras.Sequential([
 *     tf.keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=(224, 224, 3)),
 *     tf.keras.layers.MaxPooling2D((2, 2)),
 *     tf.keras.layers.Conv2D(64, (3, 3), activation='relu'),
 *     tf.keras.layers.MaxPooling2D((2, 2)),
 *     tf.keras.layers.Conv2D(128, (3, 3), activation='relu'),
 *     tf.keras.layers.MaxPooling2D((2, 2)),
 *     tf.keras.layers.Flatten(),
 *     tf.keras.layers.Dense(512, activation='relu'),
 *     tf.keras.layers.Dense(1, activation='sigmoid')
 * ])
 * </pre>
 *
 * <p>The output layer is given {@code dtype("float32")}, as Keras's mixed-precision guide says to:
 * under the default float32 policy that changes nothing; under {@code "mixed_bfloat16"} the
 * final sigmoid and the loss stay in float32 while the rest computes in bfloat16.
 */
public final class SeedModels {
  private SeedModels() {}

  /** The 4.2 CNN for inputs of (height, width, channels); the seed uses (224, 224, 3). */
  public static Sequential createModel(int height, int width, int channels) {
    return new Sequential(
        new Conv2D(32, 3, 3).activation("relu").inputShape(height, width, channels),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Conv2D(128, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(512).activation("relu"),
        new Dense(1).activation("sigmoid").dtype("float32"));
  }

  /** The 4.2 CNN at the seed's input size, 224x224x3. */
  public static Sequential createModel() {
    return createModel(224, 224, 3);
  }

  /**
   * Section 4.3: the same CNN with {@code kernel_regularizer=regularizers.l2(l2)} on the three
   * Conv2D layers; the seed uses {@code l2(0.001)}.
   */
  public static Sequential createL2Model(int height, int width, int channels, double l2) {
    return new Sequential(
        new Conv2D(32, 3, 3).activation("relu").kernelRegularizer(Regularizers.l2(l2)).inputShape(height, width, channels),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu").kernelRegularizer(Regularizers.l2(l2)),
        new MaxPooling2D(2, 2),
        new Conv2D(128, 3, 3).activation("relu").kernelRegularizer(Regularizers.l2(l2)),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(512).activation("relu"),
        new Dense(1).activation("sigmoid").dtype("float32"));
  }

  /** Section 4.3 as the seed writes it: l2(0.001), 224x224x3. */
  public static Sequential createL2Model() {
    return createL2Model(224, 224, 3, 0.001);
  }
}
