package org.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jkeras.backend.Names;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SummaryTest {

  @BeforeEach
  void freshNames() {
    Names.clearSession();
  }

  @Test
  void seedCnnHasKerasCountsAt224() {
    try (Sequential model = SeedModels.createModel()) {
      assertEquals(44_396_609, model.countParams());
      long[] perLayer = model.layers().stream().mapToLong(Layer::countParams).toArray();
      assertEquals(List.of(896L, 0L, 18_496L, 0L, 73_856L, 0L, 0L, 44_302_848L, 513L),
          java.util.Arrays.stream(perLayer).boxed().toList());
      String s = model.summaryString();
      assertTrue(s.startsWith("Model: \"sequential\"\n"), s);
      assertTrue(s.contains("│ conv2d (Conv2D)                 │ (None, 222, 222, 32)   │           896 │"), s);
      assertTrue(s.contains("│ flatten (Flatten)               │ (None, 86528)          │             0 │"), s);
      assertTrue(s.contains("│ dense_1 (Dense)                 │ (None, 1)              │           513 │"), s);
      assertTrue(s.contains(" Total params: 44,396,609 (169.36 MB)\n"), s);
      assertTrue(s.contains(" Trainable params: 44,396,609 (169.36 MB)\n"), s);
      assertTrue(s.contains(" Non-trainable params: 0 (0.00 B)\n"), s);
    }
  }

  @Test
  void countsDependOnTheInputSize() {
    try (Sequential model = SeedModels.createModel(64, 64, 3)) {
      // 64 -> 62 -> 31 -> 29 -> 14 -> 12 -> 6: flatten 6*6*128 = 4608, dense 4608*512+512
      assertEquals(896 + 18_496 + 73_856 + 2_359_808 + 513, model.countParams());
    }
  }

  @Test
  void functionalModelListsItsInputLayerAndFrozenWeights() {
    KerasTensor in = Input.of(8);
    Dense hidden = new Dense(4).activation("relu");
    KerasTensor x = hidden.apply(in);
    x = new Dropout(0.5).apply(x);
    x = new Dense(1).activation("sigmoid").apply(x);
    try (Model model = new Model(in, x)) {
      hidden.setTrainable(false);
      String s = model.summaryString();
      assertTrue(s.contains("│ input_layer (InputLayer)        │ (None, 8)              │             0 │"), s);
      assertTrue(s.contains(" Total params: 41 (164.00 B)"), s);
      assertTrue(s.contains(" Trainable params: 5 (20.00 B)"), s);
      assertTrue(s.contains(" Non-trainable params: 36 (144.00 B)"), s);
    }
  }

  @Test
  void unbuiltModelSaysSo() {
    try (Sequential model = new Sequential(new Flatten(), new Dense(1))) {
      var e = assertThrows(IllegalStateException.class, model::summary);
      assertTrue(e.getMessage().contains("has not yet been built"), e.getMessage());
    }
  }
}
