package org.jkeras.examples;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jkeras.applications.VGG16;
import org.jkeras.backend.KerasVariable;
import org.jkeras.data.SyntheticImages;
import org.jkeras.layers.Layer;
import org.jkeras.models.Model;
import org.jkeras.optimizers.Adam;
import org.jkeras.random.Seeds;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** The 4.4 model trains only what is trainable: a frozen base does not move; fine-tuning moves block5 only. */
class TransferLearningTest {

  private static float[] value(Model m, String layer) {
    return flat(m.getLayer(layer).weights().get(0).getValue());
  }

  @Test
  void aFrozenBaseDoesNotMoveAndTheHeadDoes() {
    org.jkeras.backend.Names.clearSession();
    Seeds.setRandomSeed(3);
    SyntheticImages.Images images = SyntheticImages.generate(16, 32, 32, 3);
    try (VGG16 base = new VGG16(null, false, 32, 32, 3); Model model = TransferLearning.createModel(base)) {
      base.setTrainable(false);
      assertEquals(263_169L, model.trainableWeights().stream().mapToLong(KerasVariable::size).sum());
      assertTrue(model.summaryString().contains("Non-trainable params: 14,714,688"), model.summaryString());
      model.compile("adam", "binary_crossentropy", "accuracy");
      float[] conv = value(model, "block1_conv1");
      float[] last = value(model, "block5_conv3");
      float[] head = value(model, "dense");
      FloatNdArray x = VGG16.preprocessInput(images.x());
      model.fit(x, images.y(), epochs(1), batchSize(8), verbose(0));
      assertArrayEquals(conv, value(model, "block1_conv1"));
      assertArrayEquals(last, value(model, "block5_conv3"));
      assertFalse(Arrays.equals(head, value(model, "dense")), "the head trained");

      // Second phase, as Keras's guide: block5 and the head train, at a lower learning rate.
      int frozen = TransferLearning.fineTuneFrom(model, "block5");
      assertEquals("block5_conv1", model.layers().get(frozen).name());
      model.compile(new Adam(1e-5), "binary_crossentropy", "accuracy");
      float[] head2 = value(model, "dense");
      float[] block4 = value(model, "block4_conv3");
      model.fit(x, images.y(), epochs(1), batchSize(8), verbose(0));
      assertArrayEquals(conv, value(model, "block1_conv1"));
      assertArrayEquals(block4, value(model, "block4_conv3"));
      assertFalse(Arrays.equals(last, value(model, "block5_conv3")), "block5 fine-tuned");
      assertFalse(Arrays.equals(head2, value(model, "dense")));
    }
  }

  @Test
  void fineTuningAnUnknownBlockNamesTheBlocks() {
    try (Model model = TransferLearning.createModel(null, 32, 32, 3)) {
      var e = assertThrows(IllegalArgumentException.class, () -> TransferLearning.fineTuneFrom(model, "block9"));
      assertTrue(e.getMessage().contains("block9") && e.getMessage().contains("block5"), e.getMessage());
      for (Layer l : model.layers()) {
        assertTrue(l.trainable(), "nothing changed: " + l.name());
      }
    }
  }

  @Test
  void theSeedModelTakesRawPixelsWithPreprocessingInside() {
    Seeds.setRandomSeed(4);
    SyntheticImages.Images images = SyntheticImages.generate(4, 32, 32, 5);
    try (VGG16 base = new VGG16(null, false, 32, 32, 3); Model raw = TransferLearning.createModel(null, 32, 32, 3)) {
      List<String> names = raw.layers().stream().map(Layer::name).toList();
      assertEquals(List.of("preprocess_input", "block1_conv1"), names.subList(1, 3));
      // Same base weights in both: raw pixels into `raw` give what preprocessed pixels into `base` give.
      List<FloatNdArray> w = base.getWeights();
      List<KerasVariable> targets = raw.weightsByLayer().subList(0, w.size());
      for (int i = 0; i < w.size(); i++) {
        targets.get(i).assign(w.get(i));
      }
      FloatNdArray expected = base.predict(VGG16.preprocessInput(images.x()), verbose(0));
      try (Model rawBase = new Model(raw.input(), outputOf(raw, "block5_pool"))) {
        assertArrayEquals(flat(expected), flat(rawBase.predict(images.x(), verbose(0))));
      }
    }
  }

  private static org.jkeras.layers.KerasTensor outputOf(Model m, String layer) {
    org.jkeras.layers.KerasTensor t = m.output();
    while (!t.layer().name().equals(layer)) {
      t = t.node().inputs().get(0);
    }
    return t;
  }
}
