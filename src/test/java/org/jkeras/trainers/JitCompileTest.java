package org.jkeras.trainers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.jitCompile;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.jkeras.callbacks.History;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.SGD;
import org.junit.jupiter.api.Test;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.types.TFloat32;

/**
 * Keras's {@code compile(jit_compile=True)}: the training step (and evaluate's and predict's) runs
 * as XLA clusters, and trains as the default step does within float32 rounding (XLA contracts
 * multiply-adds into FMAs).
 */
class JitCompileTest {

  private static Sequential cnn() {
    return new Sequential(new Conv2D(4, 3).activation("relu").inputShape(8, 8, 3), new MaxPooling2D(2, 2), new Flatten(),
        new Dense(1).activation("sigmoid"));
  }

  private static FloatNdArray images() {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(8, 8, 8, 3));
    Random r = new Random(5);
    x.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    return x;
  }

  private static FloatNdArray labels() {
    FloatNdArray y = NdArrays.ofFloats(Shape.of(8, 1));
    for (int i = 0; i < 8; i++) {
      y.setFloat(i % 3 == 0 ? 1 : 0, i, 0);
    }
    return y;
  }

  @Test
  void theJitStepRunsAsXlaClustersAndTrainsAsTheDefaultStep() {
    Sequential plain = cnn();
    Sequential jit = cnn();
    jit.setWeights(plain.getWeights());
    plain.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"));
    jit.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"), jitCompile(true));
    FloatNdArray x = images();
    FloatNdArray y = labels();
    History a = plain.fit(List.of(x), List.of(y), epochs(3), batchSize(4), shuffle(false), verbose(0));
    History b = jit.fit(List.of(x), List.of(y), epochs(3), batchSize(4), shuffle(false), verbose(0));
    List<Double> la = a.history().get("loss");
    List<Double> lb = b.history().get("loss");
    for (int i = 0; i < la.size(); i++) {
      assertEquals(la.get(i), lb.get(i), 1e-5 * Math.abs(la.get(i)), "epoch " + i + " loss");
    }
    List<FloatNdArray> wa = plain.getWeights();
    List<FloatNdArray> wb = jit.getWeights();
    for (int k = 0; k < wa.size(); k++) {
      FloatNdArray u = wb.get(k);
      wa.get(k).scalars().forEachIndexed((idx, s) -> assertEquals(s.getFloat(), u.getFloat(idx), 1e-5));
    }
    double ea = plain.evaluate(List.of(x), List.of(y), batchSize(4), verbose(0)).get("loss");
    double eb = jit.evaluate(List.of(x), List.of(y), batchSize(4), verbose(0)).get("loss");
    assertEquals(ea, eb, 1e-5 * Math.abs(ea), "evaluate: the test step, compiled too");
    assertTrue(hasOp(jit, "xla_1/test_step/loss") && !hasOp(plain, "xla_1/test_step/loss"), "the test step's ops marked");
    assertFalse(xlaClustersRun(plain), "the default step has no XLA cluster");
    assertTrue(xlaClustersRun(jit), "the jit step runs XLA clusters");
    plain.close();
    jit.close();
  }

  /** Keras's predict_function is compiled with XLA too when the model is jit_compile. */
  @Test
  void predictRunsAsXlaClustersWithTheDefaultPredictions() {
    try (Sequential plain = cnn(); Sequential jit = cnn()) {
      jit.setWeights(plain.getWeights());
      FloatNdArray x = images();
      FloatNdArray want = plain.predict(List.of(x), verbose(0)).get(0);
      FloatNdArray uncompiled = jit.predict(List.of(x), verbose(0)).get(0);
      assertFalse(hasOp(jit, "xla/predict/output"), "not compiled: the default predict");
      jit.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"), jitCompile(true));
      FloatNdArray got = jit.predict(List.of(x), verbose(0)).get(0);
      assertTrue(hasOp(jit, "xla/predict/output") || hasOp(jit, "xla/predict_1/output"), "predict rebuilt, its ops marked");
      want.scalars().forEachIndexed((idx, s) -> {
        assertEquals(s.getFloat(), uncompiled.getFloat(idx));
        assertEquals(s.getFloat(), got.getFloat(idx), 1e-6);
      });
      String out = hasOp(jit, "xla/predict/output") ? "xla/predict/output" : "xla/predict_1/output";
      String in = hasOp(jit, "predict_1/x") ? "predict_1/x" : "predict/x";
      assertTrue(xlaClustersRun(jit, in, out), "predict runs XLA clusters");
    }
  }

  /**
   * TF's gradients colocate some gradient ops with their forward op ({@code _class: loc:@...}, here
   * RandAugment's clipping): the XLA copy of the step colocates with the copies. It failed before
   * with "expects to be colocated with unknown node".
   */
  @Test
  void aStepWithColocatedGradientsCompiles() {
    try (Sequential jit = new Sequential(new Conv2D(3, 3).padding("same").inputShape(8, 8, 3),
        new org.jkeras.layers.preprocessing.RandAugment().valueRange(0, 1).seed(1L), new Flatten(),
        new Dense(1).activation("sigmoid"))) {
      jit.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"), jitCompile(true));
      List<Double> losses = jit.fit(List.of(images()), List.of(labels()), epochs(2), batchSize(4), shuffle(false), verbose(0))
          .history().get("loss");
      assertTrue(losses.stream().allMatch(Double::isFinite), losses.toString());
      assertTrue(xlaClustersRun(jit), "the jit step runs XLA clusters");
    }
  }

  /** Runs the model's training step once more, traced: true when an XLA cluster ran ({@code cluster_*}/xla_run). */
  private static boolean xlaClustersRun(Sequential model) {
    return xlaClustersRun(model, "train_step/x", hasOp(model, "xla/train_step/loss") ? "xla/train_step/loss" : "train_step/loss");
  }

  /** Runs {@code fetch} fed with {@code input} (and the training step's labels when it needs them), traced. */
  private static boolean xlaClustersRun(Sequential model, String input, String fetch) {
    Session.Runner r = model.context().runner();
    try (TFloat32 x = TFloat32.tensorOf(images().shape()); TFloat32 y = TFloat32.tensorOf(labels().shape())) {
      images().copyTo(x);
      labels().copyTo(y);
      r.feed(input, x);
      if (input.startsWith("train_step")) {
        r.feed("train_step/y", y);
      }
      r.fetch(fetch)
          .setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      try (Result res = r.runAndFetchMetadata()) {
        for (DeviceStepStats d : res.getMetadata().get().getStepStats().getDevStatsList()) {
          for (NodeExecStats n : d.getNodeStatsList()) {
            if (n.getNodeName().startsWith("cluster_") && n.getNodeName().endsWith("xla_run")) {
              return true;
            }
          }
        }
        return false;
      }
    }
  }

  private static boolean hasOp(Sequential model, String name) {
    Iterator<GraphOperation> it = model.context().graph().operations();
    while (it.hasNext()) {
      if (it.next().name().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
