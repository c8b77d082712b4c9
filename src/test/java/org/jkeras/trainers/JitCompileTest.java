package org.jkeras.trainers;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.jitCompile;
import static org.jkeras.Kwargs.loss;
import static org.jkeras.Kwargs.metrics;
import static org.jkeras.Kwargs.optimizer;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.jkeras.callbacks.History;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Adam;
import org.jkeras.optimizers.LossScaleOptimizer;
import org.jkeras.optimizers.SGD;
import org.jkeras.optimizers.schedules.ExponentialDecay;
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
    assertTrue(hasOp(jit, "xla_1/launch") && !hasOp(plain, "xla_1/launch"), "the test step compiled too");
    assertEquals(Set.of(), compiled(executed(plain, "train_step/x", "train_step/loss")), "the default step runs no XLA");
    Set<String> ran = executed(jit, "train_step/x", "xla/launch");
    assertEquals(Set.of("xla/launch"), compiled(ran), "the jit step is one XLA launch");
    assertFalse(ran.stream().anyMatch(n -> n.startsWith("train_step/")), "no op of the step runs outside it: " + ran);
    plain.close();
    jit.close();
  }

  /**
   * The optimizer's own state (iterations, a schedule's learning rate) and the metrics' state live in
   * resource variables that the compiled step reads and updates: Adam with a decaying rate, with
   * accuracy, compiled whole, trains as the default step over six steps.
   */
  @Test
  void theOptimizerStateAndMetricsAreUpdatedInsideTheCompiledStep() {
    try (Sequential plain = cnn(); Sequential jit = cnn()) {
      jit.setWeights(plain.getWeights());
      plain.compile(optimizer(new Adam(new ExponentialDecay(0.01, 2, 0.5))), loss("binary_crossentropy"), metrics("accuracy"));
      jit.compile(optimizer(new Adam(new ExponentialDecay(0.01, 2, 0.5))), loss("binary_crossentropy"), metrics("accuracy"),
          jitCompile(true));
      trainAlike(plain, jit);
      assertEquals(6, jit.optimizer().iterations());
      assertEquals(Set.of("xla/launch"), compiled(executed(jit, "train_step/x", "xla/launch")), "compiled whole");
    }
  }

  /**
   * A LossScaleOptimizer's conditional update (TF1 control flow, which XLA does not compile) makes
   * the step fall back to XLA's clusters, with the same training: the scale and its step counter
   * as the default step's.
   */
  @Test
  void aLossScaleOptimizerStepFallsBackToClustersAndTrainsAlike() {
    try (Sequential plain = cnn(); Sequential jit = cnn()) {
      jit.setWeights(plain.getWeights());
      plain.compile(optimizer(new LossScaleOptimizer(new Adam(0.01), 64, 2)), loss("binary_crossentropy"), metrics("accuracy"));
      jit.compile(optimizer(new LossScaleOptimizer(new Adam(0.01), 64, 2)), loss("binary_crossentropy"), metrics("accuracy"),
          jitCompile(true));
      trainAlike(plain, jit);
      LossScaleOptimizer pl = (LossScaleOptimizer) plain.optimizer();
      LossScaleOptimizer jl = (LossScaleOptimizer) jit.optimizer();
      assertEquals(512.0, jl.dynamicScale(), "64 doubled after every 2 finite steps of 6");
      assertEquals(pl.dynamicScale(), jl.dynamicScale());
      assertEquals(pl.stepCounter(), jl.stepCounter());
      assertTrue(compiled(executed(jit, "train_step/x", "xla_1/train_step/loss")).stream().anyMatch(n -> n.startsWith("cluster_")),
          "the jit step runs XLA clusters");
    }
  }

  /** Trains both 3 epochs of 2 batches; the same losses, accuracies and weights. */
  private static void trainAlike(Sequential plain, Sequential jit) {
    History a = plain.fit(List.of(images()), List.of(labels()), epochs(3), batchSize(4), shuffle(false), verbose(0));
    History b = jit.fit(List.of(images()), List.of(labels()), epochs(3), batchSize(4), shuffle(false), verbose(0));
    for (String key : List.of("loss", "accuracy")) {
      List<Double> la = a.history().get(key);
      List<Double> lb = b.history().get(key);
      for (int i = 0; i < la.size(); i++) {
        assertEquals(la.get(i), lb.get(i), 1e-5 * Math.max(1, Math.abs(la.get(i))), key + " at epoch " + i);
      }
    }
    List<FloatNdArray> wa = plain.getWeights();
    List<FloatNdArray> wb = jit.getWeights();
    for (int k = 0; k < wa.size(); k++) {
      FloatNdArray u = wb.get(k);
      wa.get(k).scalars().forEachIndexed((idx, v) -> assertEquals(v.getFloat(), u.getFloat(idx), 1e-5));
    }
  }

  /** Keras's jit_compile setter: a model with a layer whose supports_jit is false (nested too) compiles without XLA. */
  @Test
  void aModelWithALayerKerasCannotCompileTurnsJitOff() {
    try (Sequential inner = new Sequential("augment", new org.jkeras.layers.preprocessing.RandomRotation(0.1));
        Sequential outer = new Sequential(new org.jkeras.layers.InputLayer(8, 8, 3), inner, new Flatten(), new Dense(1));
        Sequential plain = cnn()) {
      outer.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"), jitCompile(true));
      plain.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"), jitCompile(true));
      assertFalse(outer.trainer().jitCompile());
      assertTrue(plain.trainer().jitCompile());
      outer.fit(List.of(images()), List.of(labels()), epochs(1), batchSize(4), verbose(0));
      assertFalse(hasOp(outer, "xla/launch") || hasOp(outer, "xla/train_step/loss"), "no XLA");
    }
  }

  /** Keras's predict_function is compiled with XLA too when the model is jit_compile. */
  @Test
  void predictRunsAsXlaClustersWithTheDefaultPredictions() {
    try (Sequential plain = cnn(); Sequential jit = cnn()) {
      jit.setWeights(plain.getWeights());
      FloatNdArray x = images();
      FloatNdArray want = plain.predict(List.of(x), verbose(0)).get(0);
      FloatNdArray uncompiled = jit.predict(List.of(x), verbose(0)).get(0);
      assertFalse(hasOp(jit, "xla/launch"), "not compiled: the default predict");
      jit.compile(optimizer(new SGD(0.1)), loss("binary_crossentropy"), jitCompile(true));
      FloatNdArray got = jit.predict(List.of(x), verbose(0)).get(0);
      assertTrue(hasOp(jit, "xla/launch"), "predict rebuilt, compiled");
      want.scalars().forEachIndexed((idx, s) -> {
        assertEquals(s.getFloat(), uncompiled.getFloat(idx));
        assertEquals(s.getFloat(), got.getFloat(idx), 1e-6);
      });
      String in = hasOp(jit, "predict_1/x") ? "predict_1/x" : "predict/x";
      assertEquals(Set.of("xla/launch"), compiled(executed(jit, in, "xla/launch")), "predict is one XLA launch");
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
      // RandAugment's int64-seeded draws have no XLA kernel: the step falls back to XLA's clusters.
      assertTrue(compiled(executed(jit, "train_step/x", "xla_1/train_step/loss")).stream().anyMatch(n -> n.startsWith("cluster_")),
          "the jit step runs XLA clusters");
    }
  }

  /** Of the nodes a traced run executed: those that ran XLA (a compiled call, or a cluster's launch). */
  private static Set<String> compiled(Set<String> executed) {
    Set<String> out = new TreeSet<>();
    for (String n : executed) {
      if (n.endsWith("/launch") || (n.startsWith("cluster_") && n.endsWith("xla_run"))) {
        out.add(n);
      }
    }
    return out;
  }

  /** Runs {@code fetch} fed with {@code input} (and the training step's labels when it needs them), traced: the nodes run. */
  private static Set<String> executed(Sequential model, String input, String fetch) {
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
        Set<String> names = new TreeSet<>();
        for (DeviceStepStats d : res.getMetadata().get().getStepStats().getDevStatsList()) {
          for (NodeExecStats n : d.getNodeStatsList()) {
            names.add(n.getNodeName());
          }
        }
        return names;
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
