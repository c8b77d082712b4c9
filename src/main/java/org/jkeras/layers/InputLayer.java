package org.jkeras.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.CallContext;
import org.jkeras.dtypepolicies.DTypePolicy;
import org.jkeras.saving.serialization.Config;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Keras's {@code InputLayer}: the entry of a functional model; passes its input through. */
public class InputLayer extends Layer {
  private final KerasTensor output;

  /** @param shape per-sample shape, without the batch dimension. */
  public InputLayer(int... shape) {
    this(null, shape);
  }

  /** A named input layer; {@code name} null for the automatic name ({@code input_layer}...). */
  public InputLayer(String name, int... shape) {
    if (name != null) {
      name(name);
    }
    inputShape(shape);
    dtype(DTypePolicy.FLOAT32); // Keras's Input(dtype=None): float32 whatever the global policy
    ensureBuilt(batchInputShape());
    Node node = new Node(this, List.of(), List.of(batchInputShape()), null);
    addInboundNode(node);
    this.output = node.outputs().get(0);
  }

  /** The symbolic tensor this layer provides. */
  public KerasTensor output() {
    return output;
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

  /**
   * Keras's {@code InputLayer.get_config()}, which differs from other layers' (no {@code
   * trainable}, the dtype as a plain name): {@code batch_shape} (the batch dimension null),
   * {@code dtype}, {@code sparse}, {@code ragged}, {@code name}, {@code optional}.
   */
  @Override
  public Map<String, Object> getConfig() {
    List<Object> shape = new ArrayList<>();
    for (long d : batchInputShape().asArray()) {
      shape.add(d < 0 ? null : d);
    }
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("batch_shape", shape);
    c.put("dtype", "float32");
    c.put("sparse", false);
    c.put("ragged", false);
    c.put("name", name());
    c.put("optional", false);
    return c;
  }

  /**
   * Keras's {@code from_config}: the shape from {@code batch_shape} (or {@code batch_input_shape},
   * as Keras 2 and jkeras before Keras 3's format wrote it). The batch dimension stays open
   * whatever the config says; sparse, ragged and optional inputs are not implemented.
   */
  public static InputLayer fromConfig(Map<String, Object> config) {
    Config c = Config.of("InputLayer", config);
    for (String unsupported : new String[] {"sparse", "ragged", "optional"}) {
      c.requireDefault(unsupported, false);
    }
    DTypePolicy.deserialize(c.get("dtype"));
    List<Object> batchShape = c.getListOrNull(c.has("batch_shape") ? "batch_shape" : "batch_input_shape");
    if (batchShape == null || batchShape.isEmpty() || batchShape.subList(1, batchShape.size()).contains(null)) {
      throw new IllegalArgumentException("The config of InputLayer needs a `batch_shape` with known sample dimensions."
          + " Received: batch_shape=" + batchShape);
    }
    int[] shape = new int[batchShape.size() - 1];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = ((Number) batchShape.get(i + 1)).intValue();
    }
    return new InputLayer(c.getString("name", null), shape);
  }
}
