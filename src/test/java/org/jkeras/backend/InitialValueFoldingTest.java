package org.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import org.jkeras.TestUtil;
import org.jkeras.initializers.Constant;
import org.jkeras.initializers.GlorotUniform;
import org.jkeras.initializers.HeNormal;
import org.jkeras.initializers.RandomNormal;
import org.jkeras.initializers.RandomUniform;
import org.jkeras.initializers.Ones;
import org.jkeras.initializers.Zeros;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AllocatorMemoryUsed;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;

/**
 * A weight's initial value leaves no constant behind that shares its buffer: its first update
 * writes in place instead of copying it (see {@link InitialValue}: the copy, and the constant the
 * session keeps, were each a second copy of the weight). Large values filled with one number were
 * folded by Grappler, any value up to 10 MB by TF's classic constant folding ({@link
 * GraphContext#sessionConfig}). Checked through TF's own step statistics: the bytes the update op
 * allocated.
 */
class InitialValueFoldingTest {
  /**
   * 12 MiB: above the 10 MB that TF's classic constant folding takes, where only Grappler folds a
   * value of one repeated number (stored compressed), as it did Adam's zero-filled slots of the
   * seed CNN's 176 MB kernel.
   */
  private static final Shape SHAPE = Shape.of(1536, 2048);
  /** 256 KB: what TF's classic constant folding took (and kept) as well. */
  private static final Shape SMALL = Shape.of(256, 256);

  static List<Arguments> initializers() {
    return List.of(
        Arguments.of("zeros", new Zeros()),
        Arguments.of("ones", new Ones()),
        Arguments.of("constant", new Constant(-0.5f)),
        Arguments.of("small_zeros", new Zeros()),
        Arguments.of("small_glorot_uniform", new GlorotUniform(3L)),
        Arguments.of("small_he_normal", new HeNormal(3L)),
        Arguments.of("small_random_uniform", new RandomUniform(-1f, 1f, 3L)),
        Arguments.of("small_random_normal", new RandomNormal(0f, 1f, 3L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("initializers")
  void theFirstUpdateOfAWeightDoesNotCopyIt(String name, InitialValue initializer) {
    Shape shape = name.startsWith("small_") ? SMALL : SHAPE;
    KerasVariable w = new KerasVariable("layer/" + name, shape, initializer, false);
    try (GraphContext ctx = new GraphContext()) {
      w.materialize(ctx); // initialised by this graph's session (a value read before would be fed instead)
      float[] before = TestUtil.flat(w.getValue());
      Ops tf = ctx.tf();
      Op update = w.assignAdd(tf, tf.fill(tf.constant(shape.asArray()), tf.constant(1f)));
      RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
      try (Result r = ctx.runner().addTarget(update).setOptions(trace).runAndFetchMetadata()) {
        assertEquals(0, allocatedBy(r, update.op().name()), "bytes the first update of `" + name + "` allocated (a copy of it)");
      }
      float[] expected = new float[before.length];
      for (int i = 0; i < before.length; i++) {
        expected[i] = before[i] + 1f;
      }
      assertArrayEquals(expected, TestUtil.flat(w.getValue()), name + ": the initial value plus one");
    }
  }

  /** Bytes allocated by the node {@code node} during the traced run; fails if it did not run. */
  private static long allocatedBy(Result r, String node) {
    List<NodeExecStats> found = new ArrayList<>();
    for (DeviceStepStats d : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
      d.getNodeStatsList().stream().filter(n -> n.getNodeName().equals(node)).forEach(found::add);
    }
    assertFalse(found.isEmpty(), "node " + node + " in the step statistics");
    long bytes = 0;
    for (NodeExecStats n : found) {
      for (AllocatorMemoryUsed m : n.getMemoryList()) {
        bytes += m.getTotalBytes();
      }
    }
    return bytes;
  }
}
