package org.jkeras.layers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.DTypes;
import org.jkeras.backend.KerasVariable;
import org.jkeras.initializers.Initializer;
import org.jkeras.initializers.Initializers;
import org.jkeras.initializers.RandomUniform;
import org.jkeras.regularizers.Regularizer;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras's {@code Embedding(input_dim, output_dim, embeddings_initializer="uniform",
 * embeddings_regularizer=None, mask_zero=False)}: maps each integer index in [0, input_dim) to a
 * learned vector of {@code output_dim} values; (batch, ...) becomes (batch, ..., output_dim). The
 * table starts uniform in [-0.05, 0.05], as Keras's. jkeras's inputs are float32: indices are cast
 * to int32 (truncated), as Keras casts a float input; an index outside the table fails the run.
 *
 * <p>{@code mask_zero=True} is refused: Keras then hands a mask to the layers after the embedding
 * (recurrent layers, pooling, attention skip the padded steps), and jkeras has no masking, so
 * those layers would silently count the padding. A clear error beats different numbers.
 */
public class Embedding extends Layer {
  private final int inputDim;
  private final int outputDim;
  private Initializer embeddingsInitializer = new RandomUniform();
  private Regularizer embeddingsRegularizer;
  private KerasVariable embeddings;

  public Embedding(int inputDim, int outputDim) {
    if (inputDim <= 0) {
      throw new IllegalArgumentException("`input_dim` must be a positive integer. Received: input_dim=" + inputDim);
    }
    if (outputDim <= 0) {
      throw new IllegalArgumentException("`output_dim` must be a positive integer. Received: output_dim=" + outputDim);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
  }

  public Embedding embeddingsInitializer(String initializer) {
    return embeddingsInitializer(Initializers.get(initializer));
  }

  public Embedding embeddingsInitializer(Initializer initializer) {
    this.embeddingsInitializer = initializer;
    return this;
  }

  public Embedding embeddingsRegularizer(String regularizer) {
    return embeddingsRegularizer(Regularizers.get(regularizer));
  }

  public Embedding embeddingsRegularizer(Regularizer regularizer) {
    this.embeddingsRegularizer = regularizer;
    return this;
  }

  /** Keras's {@code mask_zero}: only false is accepted (see the class comment). */
  public Embedding maskZero(boolean maskZero) {
    if (maskZero) {
      throw new IllegalArgumentException("jkeras does not support `mask_zero` in Embedding (it has no masking: the layers"
          + " after it would count the padding). Received: mask_zero=true");
    }
    return this;
  }

  @Override
  public Embedding name(String name) {
    super.name(name);
    return this;
  }

  @Override
  public Embedding inputShape(int... shape) {
    super.inputShape(shape);
    return this;
  }

  public int inputDim() {
    return inputDim;
  }

  public int outputDim() {
    return outputDim;
  }

  /** The (input_dim, output_dim) table (null before building). */
  public KerasVariable embeddings() {
    return embeddings;
  }

  @Override
  public void build(Shape inputShape) {
    embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer, embeddingsRegularizer,
        true);
    // Keras's Embedding sets autocast = False: the table is gathered in float32, then cast (see call).
    embeddings.setAutocast(false);
  }

  @Override
  protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf();
    Operand<TInt32> indices = tf.dtypes.cast(x, TInt32.class);
    return DTypes.cast(tf, tf.gather(ctx.value(embeddings), indices, tf.constant(0)), computeDtype());
  }

  /**
   * False, as Keras's {@code autocast = False}: the indices are not cast to the compute dtype,
   * where bfloat16 would round those above 256.
   */
  @Override
  protected boolean autocastInputs() {
    return false;
  }

  /** Computes in any float dtype (mixed precision): the rows gathered in float32, output in the compute dtype. */
  @Override
  protected boolean supportsComputeDtype(String dtype) {
    return true;
  }

  @Override
  public Shape computeOutputShape(Shape inputShape) {
    return inputShape.append(outputDim);
  }

  @Override
  public Map<String, Object> getConfig() {
    Map<String, Object> c = new LinkedHashMap<>(super.getConfig());
    c.put("input_dim", inputDim);
    c.put("output_dim", outputDim);
    c.put("embeddings_initializer", Initializers.serialize(embeddingsInitializer));
    c.put("embeddings_regularizer", Regularizers.serialize(embeddingsRegularizer));
    c.put("activity_regularizer", Regularizers.serialize(activityRegularizer()));
    c.put("embeddings_constraint", null);
    c.put("mask_zero", false);
    c.put("quantization_config", null);
    return c;
  }

  /** Keras's {@code from_config}; constraints, LoRA and quantization are not implemented, masking is refused. */
  public static Embedding fromConfig(Map<String, Object> config) {
    Config c = Config.of("Embedding", config);
    c.requireDefault("embeddings_constraint", null);
    c.requireDefault("quantization_config", null);
    c.requireDefault("lora_rank", null);
    Embedding l = new Embedding(c.getInt("input_dim"), c.getInt("output_dim"))
        .maskZero(c.getBoolean("mask_zero", false))
        .embeddingsRegularizer(Regularizers.deserialize(c.get("embeddings_regularizer")));
    if (c.has("embeddings_initializer")) {
      l.embeddingsInitializer(Initializers.deserialize(c.get("embeddings_initializer")));
    }
    return withBaseConfig(l, c);
  }
}
