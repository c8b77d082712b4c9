package org.jkeras.dtypepolicies;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jkeras.backend.CallContext;
import org.jkeras.backend.Names;
import org.jkeras.examples.SeedModels;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dropout;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Layer;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.layers.preprocessing.RandomContrast;
import org.jkeras.layers.preprocessing.RandomFlip;
import org.jkeras.layers.preprocessing.RandomRotation;
import org.jkeras.layers.preprocessing.RandomZoom;
import org.jkeras.layers.preprocessing.Rescaling;
import org.jkeras.models.Sequential;
import org.jkeras.saving.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Keras's mixed precision: the global policy and its scope, each layer's policy and its config,
 * and what a model under {@code "mixed_bfloat16"} computes in (the dtypes of its graph's ops) while
 * its weights stay float32; layers that do not compute in bfloat16 refuse it by name.
 */
class MixedPrecisionTest {

  @AfterEach
  void resetPolicy() {
    MixedPrecision.setGlobalPolicy((DTypePolicy) null);
  }

  @Test
  void policiesHaveKerasNamesAndDtypes() {
    assertEquals("bfloat16", DTypePolicy.of("mixed_bfloat16").computeDtype());
    assertEquals("float32", DTypePolicy.of("mixed_bfloat16").variableDtype());
    assertEquals("float16", DTypePolicy.of("mixed_float16").computeDtype());
    assertEquals("bfloat16", DTypePolicy.of("bfloat16").variableDtype());
    assertEquals(Map.of("module", "keras", "class_name", "DTypePolicy", "config", Map.of("name", "mixed_bfloat16"))
        .entrySet(), withoutNull(DTypePolicy.MIXED_BFLOAT16.serialize()).entrySet());
    assertSame(DTypePolicy.MIXED_FLOAT16, DTypePolicy.deserialize(Map.of("module", "keras", "class_name",
        "FloatDTypePolicy", "config", Map.of("name", "mixed_float16"))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DTypePolicy.of("mixed_int8"));
    assertTrue(e.getMessage().contains("Received: name=mixed_int8"), e.getMessage());
  }

  private static Map<String, Object> withoutNull(Map<String, Object> m) {
    Map<String, Object> out = new java.util.LinkedHashMap<>(m);
    out.values().removeIf(v -> v == null);
    return out;
  }

  @Test
  void theGlobalPolicyIsTakenAtCreationAndScoped() {
    assertEquals("float32", MixedPrecision.globalPolicy().name());
    Dense before = new Dense(2);
    Dense inside;
    try (MixedPrecision.Scope s = MixedPrecision.policyScope("mixed_bfloat16")) {
      inside = new Dense(2);
      assertEquals("mixed_bfloat16", MixedPrecision.globalPolicy().name());
    }
    assertEquals("float32", MixedPrecision.globalPolicy().name(), "the scope restores the previous policy");
    assertEquals("float32", before.dtypePolicy().name());
    assertEquals("bfloat16", inside.computeDtype());
    assertEquals("float32", inside.variableDtype());
    MixedPrecision.setGlobalPolicy("mixed_float16");
    Names.clearSession();
    assertEquals("float32", MixedPrecision.globalPolicy().name(), "clearSession resets it, as Keras's clear_session");
  }

  @Test
  void theGlobalPolicyBelongsToTheThreadThatSetsIt() throws InterruptedException {
    MixedPrecision.setGlobalPolicy("mixed_bfloat16");
    String[] seen = new String[1];
    Thread t = new Thread(() -> seen[0] = MixedPrecision.globalPolicy().name());
    t.start();
    t.join();
    assertEquals("float32", seen[0]);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theLayerPolicyIsInItsConfigAndComesBack() {
    MixedPrecision.setGlobalPolicy("mixed_bfloat16");
    Dense d = new Dense(3).activation("relu");
    Dense out = new Dense(1).activation("sigmoid").dtype("float32");
    Map<String, Object> dtype = (Map<String, Object>) d.getConfig().get("dtype");
    assertEquals("DTypePolicy", dtype.get("class_name"));
    assertEquals(Map.of("name", "mixed_bfloat16"), dtype.get("config"));
    MixedPrecision.setGlobalPolicy("float32");
    Layer back = Serialization.deserialize(Serialization.serialize(d));
    assertEquals("mixed_bfloat16", back.dtypePolicy().name(), "the config's policy, not the global one");
    assertEquals("float32", Serialization.deserialize(Serialization.serialize(out)).dtypePolicy().name());
  }

  /** The seed CNN (small input) under mixed_bfloat16, its output layer in float32 as Keras's guide says. */
  private static Sequential seedCnn() {
    Sequential m = SeedModels.createModel(32, 32, 3);
    m.compile("adam", "binary_crossentropy", "accuracy");
    return m;
  }

  private static FloatNdArray images(int n) {
    FloatNdArray x = NdArrays.ofFloats(Shape.of(n, 32, 32, 3));
    java.util.Random r = new java.util.Random(3);
    x.scalars().forEach(s -> s.setFloat(r.nextFloat()));
    return x;
  }

  private static FloatNdArray labels(int n) {
    FloatNdArray y = NdArrays.ofFloats(Shape.of(n, 1));
    for (int i = 0; i < n; i++) {
      y.setFloat(i % 2, i, 0);
    }
    return y;
  }

  /** The output dtypes of the ops of {@code type} built for the training step ({@code train_step/...}). */
  private static Set<String> trainStepDtypes(Sequential m, String type) {
    Set<String> out = new TreeSet<>();
    Iterator<GraphOperation> it = m.context().graph().operations();
    while (it.hasNext()) {
      GraphOperation op = it.next();
      if (op.type().equals(type) && op.name().startsWith("train_step/") && !op.name().contains("gradients")) {
        out.add(op.output(0).dataType().toString());
      }
    }
    return out;
  }

  @Test
  void theSeedCnnComputesInBfloat16WithFloat32WeightsAndOutput() {
    MixedPrecision.setGlobalPolicy("mixed_bfloat16");
    Sequential m = seedCnn();
    List<String> policies = new ArrayList<>();
    for (Layer l : m.layers()) {
      policies.add(l.name().replaceAll("_\\d+$", "") + ":" + l.dtypePolicy().name());
    }
    assertEquals(List.of("conv2d:mixed_bfloat16", "max_pooling2d:mixed_bfloat16", "conv2d:mixed_bfloat16",
        "max_pooling2d:mixed_bfloat16", "conv2d:mixed_bfloat16", "max_pooling2d:mixed_bfloat16",
        "flatten:mixed_bfloat16", "dense:mixed_bfloat16", "dense:float32"), policies);
    FloatNdArray x = images(8);
    m.fit(List.of(x), List.of(labels(8)), epochs(2), batchSize(4), shuffle(false), verbose(0));
    assertEquals(Set.of("DT_BFLOAT16"), trainStepDtypes(m, "Conv2D"));
    assertEquals(Set.of("DT_BFLOAT16"), trainStepDtypes(m, "MaxPool"));
    assertEquals(Set.of("DT_BFLOAT16", "DT_FLOAT"), trainStepDtypes(m, "MatMul"),
        "the hidden Dense in bfloat16, the output Dense in float32");
    assertEquals(Set.of("DT_FLOAT"), trainStepDtypes(m, "Sigmoid"));
    for (FloatNdArray w : m.getWeights()) {
      w.scalars().forEach(s -> assertTrue(Float.isFinite(s.getFloat())));
    }
    FloatNdArray p = m.predict(List.of(x)).get(0);
    assertEquals(Shape.of(8, 1), p.shape());
    p.scalars().forEach(s -> assertTrue(s.getFloat() > 0 && s.getFloat() < 1));
    m.close();
  }

  /**
   * Keras's augmentation layers first in a mixed model (the keras.io way): they transform images in
   * the compute dtype in training (parity keras_preprocessing_layers checks their bfloat16 values).
   */
  @ParameterizedTest
  @ValueSource(strings = {"mixed_bfloat16", "mixed_float16"})
  void augmentationLayersTransformInTheComputeDtypeInsideAMixedModel(String policy) {
    MixedPrecision.setGlobalPolicy(policy);
    String dtype = policy.equals("mixed_bfloat16") ? "DT_BFLOAT16" : "DT_HALF";
    try (Sequential m = new Sequential(new RandomFlip().seed(1L).inputShape(32, 32, 3), new RandomRotation(0.1).seed(2L),
        new RandomZoom(0.1).seed(3L), new RandomContrast(0.2).seed(4L), new Rescaling(1.0 / 255),
        new Conv2D(4, 3).activation("relu"), new Flatten(), new Dense(1).activation("sigmoid").dtype("float32"))) {
      m.compile("adam", "binary_crossentropy");
      List<Double> losses = m.fit(List.of(images(8)), List.of(labels(8)), epochs(2), batchSize(4), shuffle(false),
          verbose(0)).history().get("loss");
      assertTrue(losses.stream().allMatch(Double::isFinite), losses.toString());
      assertEquals(Set.of(dtype), trainStepDtypes(m, "ImageProjectiveTransformV3"), "rotation and zoom");
      assertEquals(Set.of(dtype), trainStepDtypes(m, "ReverseV2"), "the flips");
      assertEquals(Set.of(dtype), trainStepDtypes(m, "Conv2D"));
    }
  }

  @Test
  void theSeedCnnTrainsInFloat16WithLossScaling() {
    MixedPrecision.setGlobalPolicy("mixed_float16");
    Sequential m = seedCnn();
    assertEquals("LossScaleOptimizer", m.optimizer().getClass().getSimpleName());
    m.fit(List.of(images(8)), List.of(labels(8)), epochs(1), batchSize(4), shuffle(false), verbose(0));
    assertEquals(Set.of("DT_HALF"), trainStepDtypes(m, "Conv2D"));
    assertEquals(2, m.optimizer().iterations(), "both steps finite, applied");
    for (FloatNdArray w : m.getWeights()) {
      w.scalars().forEach(s -> assertTrue(Float.isFinite(s.getFloat())));
    }
    m.close();
  }

  @Test
  void batchNormalizationKeepsItsStatisticsInFloat32() {
    MixedPrecision.setGlobalPolicy("mixed_bfloat16");
    Sequential m = new Sequential(new Conv2D(4, 3).inputShape(8, 8, 3), new BatchNormalization(), new Flatten(),
        new Dropout(0.5), new Dense(1).activation("sigmoid").dtype("float32"));
    m.compile("sgd", "binary_crossentropy");
    FloatNdArray x = NdArrays.ofFloats(Shape.of(4, 8, 8, 3));
    x.scalars().forEach(s -> s.setFloat(1000f)); // large values: the moments in bfloat16 would round away the variance
    x.setFloat(1001f, 0, 0, 0, 0);
    FloatNdArray y = NdArrays.ofFloats(Shape.of(4, 1));
    m.fit(List.of(x), List.of(y), epochs(1), batchSize(4), verbose(0));
    Set<String> mean = new TreeSet<>();
    Iterator<GraphOperation> it = m.context().graph().operations();
    while (it.hasNext()) {
      GraphOperation op = it.next();
      if (op.name().startsWith("train_step/") && op.name().contains("batch_normalization") && op.type().equals("Mean")) {
        mean.add(op.output(0).dataType().toString());
      }
    }
    assertEquals(Set.of("DT_FLOAT"), mean);
    BatchNormalization bn = (BatchNormalization) m.layers().get(1);
    for (FloatNdArray w : bn.getWeights()) {
      w.scalars().forEach(s -> assertTrue(Float.isFinite(s.getFloat())));
    }
    m.close();
  }

  /** A custom layer that does not say it computes in bfloat16 (every core layer now does). */
  static final class Halving extends Layer {
    @Override
    protected Operand<TFloat32> call(CallContext ctx, Operand<TFloat32> x) {
      return ctx.tf().math.mul(x, ctx.tf().constant(0.5f));
    }
  }

  @Test
  void aLayerThatDoesNotComputeInBfloat16RefusesThePolicyByName() {
    MixedPrecision.setGlobalPolicy("mixed_bfloat16");
    Sequential m = new Sequential(new Dense(4).inputShape(3), new Halving().name("halving"), new Dense(1));
    m.compile("sgd", "mse");
    FloatNdArray x = NdArrays.ofFloats(Shape.of(2, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.fit(List.of(x), List.of(NdArrays.ofFloats(Shape.of(2, 1))), epochs(1), verbose(0)));
    assertTrue(e.getMessage().startsWith("Layer \"halving\" (Halving) does not compute in bfloat16"), e.getMessage());
    assertTrue(e.getMessage().contains("Received: dtype=mixed_bfloat16"), e.getMessage());
    m.close();
  }

  @Test
  void aLayerWithWeightsRefusesNonFloat32Variables() {
    Dense d = new Dense(2).dtype("bfloat16");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.ensureBuilt(Shape.of(-1, 3)));
    assertTrue(e.getMessage().contains("jkeras keeps weights in float32"), e.getMessage());
    assertTrue(e.getMessage().contains("\"mixed_bfloat16\""), e.getMessage());
    // a layer without weights computes in bfloat16 under the plain bfloat16 policy
    assertFalse(new MaxPooling2D(2, 2).dtype("bfloat16").dtypePolicy().computesInFloat32());
  }
}
