package org.jkeras.layers;

import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.backend.CallContext;
import org.jkeras.models.Model;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.types.TFloat32;

/** A custom layer holding layers in its fields, as a Keras user writes one (issue 12, item 4). */
class CustomLayerTest {

  /** Keras: {@code class Block(Layer): __init__: self.dense1 = Dense(8); self.dense2 = Dense(4); call: dense2(relu(dense1(x)))}. */
  static final class Block extends Layer {
    private final Dense dense1 = new Dense(8).activation("relu");
    private final List<Layer> tail = List.of(new Dense(4));

    @Override
    protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
      return tail.get(0).invoke(ctx, dense1.invoke(ctx, x));
    }
  }

  @Test
  void itsLayersAreTrackedBuiltOnFirstCallAndTrained() {
    Block block = new Block();
    KerasTensor in = Input.of(3);
    KerasTensor out = block.apply(in);
    assertEquals("(None, 4)", org.jkeras.backend.Shapes.format(out.shape()), "output shape from a symbolic call");
    assertEquals(3 * 8 + 8 + 8 * 4 + 4, block.countParams(), "the held layers' weights are the block's");
    try (Model m = new Model(in, new Dense(1).apply(out))) {
      assertEquals(3 * 8 + 8 + 8 * 4 + 4 + 5, m.countParams());
      assertTrue(m.summaryString().contains("block (Block)"), m.summaryString());
      FloatNdArray x = TestUtil.array(new float[] {1, 2, 3}, new float[] {0, -1, 1});
      FloatNdArray y = TestUtil.array(new float[] {1}, new float[] {0});
      List<FloatNdArray> before = block.getWeights();
      m.compile(new SGD(0.1), "mse");
      m.fit(x, y, epochs(2), verbose(0));
      List<FloatNdArray> after = block.getWeights();
      for (int i = 0; i < before.size(); i++) {
        assertFalse(java.util.Arrays.equals(TestUtil.flat(before.get(i)), TestUtil.flat(after.get(i))),
            "weight " + i + " of the block trained");
      }
      block.setTrainable(false);
      assertEquals(5, m.trainableWeights().stream().mapToLong(v -> v.size()).sum(), "freezing the block freezes its layers");
    }
  }
}
