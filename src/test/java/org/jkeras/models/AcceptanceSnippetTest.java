package org.jkeras.models;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.lossWeights;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jkeras.backend.Names;
import org.jkeras.callbacks.History;
import org.jkeras.layers.Add;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Issue 12's acceptance snippet, verbatim between the marked lines, then what Keras gives for it. */
class AcceptanceSnippetTest {

  static FloatNdArray random(Random r, long... shape) {
    FloatNdArray a = NdArrays.ofFloats(Shape.of(shape));
    a.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    return a;
  }

  @Test
  void theSnippetRunsAsKeras() {
    Names.clearSession();
    Random rnd = new Random(7);
    FloatNdArray xImage = random(rnd, 48, 32, 32, 3);
    FloatNdArray xMeta = random(rnd, 48, 8);
    FloatNdArray yCls = random(rnd, 48, 1);
    yCls.scalars().forEach(s -> s.setFloat(s.getFloat() < 0.5f ? 0 : 1));
    FloatNdArray yReg = random(rnd, 48, 3);
    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    Model model;
    History h;
    Map<String, Double> logs;
    List<FloatNdArray> p;
    try {
      // ---- the snippet
      KerasTensor image = Input.of("image", 32, 32, 3);
      KerasTensor meta = Input.of("meta", 8);
      KerasTensor x = new Conv2D(16, 3, 3).padding("same").activation("relu").name("stem").apply(image);
      KerasTensor r = new Conv2D(16, 3, 3).padding("same").name("res_conv").apply(x);
      x = new Add().name("res_add").apply(x, r);
      x = new GlobalAveragePooling2D().name("gap").apply(x);
      KerasTensor z = new Concatenate().name("concat").apply(x, new Dense(8).activation("relu").name("meta_dense").apply(meta));
      KerasTensor cls = new Dense(1).activation("sigmoid").name("cls").apply(z);
      KerasTensor reg = new Dense(3).name("reg").apply(z);
      model = new Model(List.of(image, meta), List.of(cls, reg));
      model.compile(optimizer("adam"), loss(Map.of("cls", "binary_crossentropy", "reg", "mse")),
          lossWeights(Map.of("cls", 1.0, "reg", 0.5)), metrics(Map.of("cls", List.of("accuracy"))));
      model.summary();                                   // Total params: 2,940 (as Keras)
      h = model.fit(List.of(xImage, xMeta), List.of(yCls, yReg), epochs(2), batchSize(16));
      logs = model.evaluate(List.of(xImage, xMeta), List.of(yCls, yReg));
      p = model.predict(List.of(xImage, xMeta));
      // ---- end of the snippet
    } finally {
      System.setOut(stdout);
    }
    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains(" Total params: 2,940 (11.48 KB)"), out);
    assertTrue(out.contains("│ res_add (Add)       │ (None, 32, 32,    │          0 │ stem[0][0],       │"), out);
    assertTrue(out.contains("Epoch 2/2"), out);
    // Keras's names, keys sorted as Keras logs them.
    assertEquals(List.of("cls_accuracy", "cls_loss", "loss", "reg_loss"), List.copyOf(h.history().keySet()));
    assertEquals(List.of("cls_accuracy", "cls_loss", "loss", "reg_loss"), List.copyOf(logs.keySet()));
    assertEquals(2, h.history().get("loss").size());
    // One batch of 48: the total is the weighted sum of the output losses (no regularisers here).
    Map<String, Double> oneBatch = model.evaluate(List.of(xImage, xMeta), List.of(yCls, yReg), batchSize(48),
        org.jkeras.Kwargs.verbose(0));
    assertEquals(oneBatch.get("cls_loss") + 0.5 * oneBatch.get("reg_loss"), oneBatch.get("loss"), 1e-6);
    assertEquals(2, p.size());
    assertEquals(Shape.of(48, 1).size(), p.get(0).size());
    assertEquals(Shape.of(48, 3).size(), p.get(1).size());
    model.close();
  }
}
