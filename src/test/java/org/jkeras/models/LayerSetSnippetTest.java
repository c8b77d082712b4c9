package org.jkeras.models;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jkeras.backend.Names;
import org.jkeras.callbacks.History;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Conv2DTranspose;
import org.jkeras.layers.Cropping2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.DepthwiseConv2D;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.GlobalMaxPooling2D;
import org.jkeras.layers.LayerNormalization;
import org.jkeras.layers.LeakyReLU;
import org.jkeras.layers.Reshape;
import org.jkeras.layers.SeparableConv2D;
import org.jkeras.layers.UpSampling2D;
import org.jkeras.layers.ZeroPadding2D;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Issue 13's acceptance snippet, verbatim between the marked lines, then what Keras 3.15.1 gives
 * for the same model (run with {@code metrics=[...]}, Python's compile having {@code loss_weights}
 * third): the summary's rows and totals, and the keys {@code fit} logs.
 */
class LayerSetSnippetTest {

  @Test
  void theSnippetBuildsKerassModel() {
    Names.clearSession();
    // ---- the snippet
    Sequential m = new Sequential(
        new Conv2D(8, 3, 3).padding("same").inputShape(32, 32, 3),
        new LeakyReLU(0.2),
        new SeparableConv2D(16, 3, 3).padding("same"),
        new DepthwiseConv2D(3, 3).padding("same"),
        new BatchNormalization(),
        new Conv2DTranspose(8, 3, 3).strides(2, 2).padding("same"),
        new UpSampling2D(2, 2),
        new ZeroPadding2D(1, 1),
        new Cropping2D(1, 1),
        new LayerNormalization(),
        new GlobalMaxPooling2D(),
        new Reshape(4, 2),
        new Flatten(),
        new Dense(1).activation("sigmoid"));
    m.compile("adam", "binary_crossentropy", "accuracy", "auc", "precision", "recall");
    // ---- end of the snippet
    try (m) {
      String summary = m.summaryString();
      // Keras's rows: name (type), output shape, parameters.
      String[][] rows = {
          {"conv2d (Conv2D)", "(None, 32, 32, 8)", "224"},
          {"leaky_re_lu (LeakyReLU)", "(None, 32, 32, 8)", "0"},
          {"separable_conv2d", "(None, 32, 32, 16)", "216"},
          {"depthwise_conv2d", "(None, 32, 32, 16)", "160"},
          {"batch_normalization", "(None, 32, 32, 16)", "64"},
          {"conv2d_transpose", "(None, 64, 64, 8)", "1,160"},
          {"up_sampling2d (UpSampling2D)", "(None, 128, 128, 8)", "0"},
          {"zero_padding2d (ZeroPadding2D)", "(None, 130, 130, 8)", "0"},
          {"cropping2d (Cropping2D)", "(None, 128, 128, 8)", "0"},
          {"layer_normalization", "(None, 128, 128, 8)", "16"},
          {"global_max_pooling2d", "(None, 8)", "0"},
          {"reshape (Reshape)", "(None, 4, 2)", "0"},
          {"flatten (Flatten)", "(None, 8)", "0"},
          {"dense (Dense)", "(None, 1)", "9"}};
      List<String> lines = summary.lines().toList();
      for (String[] row : rows) {
        assertTrue(lines.stream().anyMatch(l -> l.contains(row[0]) && l.contains(row[1]) && l.strip().endsWith(row[2] + " │")),
            "a row " + String.join(" | ", row) + " in\n" + summary);
      }
      assertTrue(summary.contains("Total params: 1,849 (7.22 KB)"), summary);
      assertTrue(summary.contains("Trainable params: 1,817 (7.10 KB)"), summary);
      assertTrue(summary.contains("Non-trainable params: 32 (128.00 B)"), summary);

      Random r = new Random(5);
      FloatNdArray x = AcceptanceSnippetTest.random(r, 16, 32, 32, 3);
      FloatNdArray y = AcceptanceSnippetTest.random(r, 16, 1);
      y.scalars().forEach(s -> s.setFloat(s.getFloat() < 0.5f ? 0 : 1));
      History h = m.fit(x, y, epochs(1), batchSize(8), verbose(0));
      assertEquals(List.of("accuracy", "auc", "loss", "precision", "recall"), h.history().keySet().stream().sorted().toList());
      for (String key : h.history().keySet()) {
        double v = h.history().get(key).get(0);
        assertTrue(Double.isFinite(v), key + " = " + v);
      }
    }
  }
}
