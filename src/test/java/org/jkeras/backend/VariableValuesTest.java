package org.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.initializers.Constant;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Values moving between the host and a graph in bulk: what loading and saving a large model rely on. */
class VariableValuesTest {

  /** An initial value that fails when the graph computes it (a reshape of 3 values into 4). */
  private static final InitialValue FAILS_WHEN_RUN = (Ops tf, Shape shape) ->
      tf.reshape(tf.placeholderWithDefault(tf.constant(new float[] {1f, 2f, 3f}), Shape.of(-1)), tf.constant(new long[] {4}));

  private static FloatNdArray vector(float... v) {
    return NdArrays.wrap(Shape.of(v.length), DataBuffers.of(v, false, false));
  }

  @Test
  void aValueAssignedFromTheHostReplacesTheInitialValueWithoutComputingIt() {
    KerasVariable loaded = new KerasVariable("layer/loaded", Shape.of(4), FAILS_WHEN_RUN, true);
    KerasVariable fresh = new KerasVariable("layer/fresh", Shape.of(2), new Constant(5f), true);
    try (GraphContext ctx = new GraphContext()) {
      loaded.materialize(ctx);
      fresh.materialize(ctx);
      loaded.assign(vector(1f, 2f, 3f, 4f));
      List<FloatNdArray> values = KerasVariable.getValues(List.of(loaded, fresh));
      assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, TestUtil.flat(values.get(0)));
      assertArrayEquals(new float[] {5f, 5f}, TestUtil.flat(values.get(1)));
    }
  }

  @Test
  void anInitialValueNoHostValueReplacesIsComputed() {
    KerasVariable w = new KerasVariable("layer/w", Shape.of(4), FAILS_WHEN_RUN, true);
    try (GraphContext ctx = new GraphContext()) {
      w.materialize(ctx);
      assertThrows(RuntimeException.class, w::getValue);
    }
  }

  @Test
  void valuesReadTogetherEqualValuesReadOneByOne() {
    List<KerasVariable> vars = new ArrayList<>();
    try (GraphContext a = new GraphContext(); GraphContext b = new GraphContext()) {
      for (int i = 0; i < 6; i++) {
        KerasVariable v = new KerasVariable("layer/w" + i, Shape.of(3), new Constant(i), true);
        if (i % 3 == 1) {
          v.materialize(a);
        } else if (i % 3 == 2) {
          v.materialize(b);
          v.assign(vector(i, -i, 10 * i)); // pending when read
        }
        vars.add(v); // i % 3 == 0: in no graph
      }
      List<FloatNdArray> together = KerasVariable.getValues(vars);
      assertEquals(vars.size(), together.size());
      for (int i = 0; i < vars.size(); i++) {
        assertArrayEquals(TestUtil.flat(vars.get(i).getValue()), TestUtil.flat(together.get(i)), "variable " + i);
      }
      assertArrayEquals(new float[] {5f, -5f, 50f}, TestUtil.flat(together.get(5)));
      assertArrayEquals(new float[] {4f, 4f, 4f}, TestUtil.flat(together.get(4)));
    }
  }

  /**
   * A tensor handed over (what the loaders read weights into) is the value: read back before and
   * after the write, carried to another graph while still pending, replaced by a later value.
   */
  @Test
  void aTensorHandedOverIsTheValueUntilWrittenAndCarriedWhilePending() {
    KerasVariable w = new KerasVariable("layer/handed", Shape.of(4), FAILS_WHEN_RUN, true);
    KerasVariable other = new KerasVariable("layer/other", Shape.of(4), FAILS_WHEN_RUN, true);
    try (GraphContext a = new GraphContext(); GraphContext b = new GraphContext()) {
      w.materialize(a);
      other.materialize(a);
      w.assignHandedOver(TFloat32.vectorOf(1f, 2f, 3f, 0f));
      assertArrayEquals(new float[] {1f, 2f, 3f, 0f}, TestUtil.flat(w.getValue()), "pending, read from the tensor");
      w.materialize(b); // moved before the first run: the pending tensor goes along
      other.assignHandedOver(TFloat32.vectorOf(7f, 8f, 0f, 0f));
      other.assignHandedOver(TFloat32.vectorOf(9f, 10f, 0f, 0f)); // the first one is replaced (and freed) unwritten
      assertArrayEquals(new float[] {1f, 2f, 3f, 0f}, TestUtil.flat(w.getValue()));
      b.runner(); // written into b's graph
      a.runner();
      assertArrayEquals(new float[] {1f, 2f, 3f, 0f}, TestUtil.flat(w.getValue()), "written, read from the graph");
      assertArrayEquals(new float[] {9f, 10f, 0f, 0f}, TestUtil.flat(other.getValue()));
      w.assignHandedOver(TFloat32.vectorOf(4f, 5f, 6f, 0f));
      assertArrayEquals(new float[] {4f, 5f, 6f, 0f}, TestUtil.flat(KerasVariable.getValues(List.of(w)).get(0)));
    }
  }

  /**
   * A variable whose value a graph op will assign (a worker receiving the chief's weights) skips
   * drawing its initial value: an initializer that fails when run is never run. Once a variable
   * holds a value, there is nothing to skip.
   */
  @Test
  void anInitialValueSkippedIsNeverDrawn() {
    KerasVariable received = new KerasVariable("layer/received", Shape.of(4), FAILS_WHEN_RUN, true);
    KerasVariable drawn = new KerasVariable("layer/drawn", Shape.of(2), new Constant(3f), true);
    try (GraphContext ctx = new GraphContext()) {
      received.materialize(ctx);
      drawn.materialize(ctx);
      assertTrue(received.skipInitialValue());
      Op assign = received.assign(ctx.tf(), ctx.tf().constant(new float[] {1f, 2f, 3f, 4f}));
      ctx.runner().addTarget(assign).run(); // the initializers' run no longer computes the failing value
      assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, TestUtil.flat(received.getValue()));
      assertFalse(drawn.skipInitialValue(), "drawn already");
      assertArrayEquals(new float[] {3f, 3f}, TestUtil.flat(drawn.getValue()));
    }
  }
  /**
   * A variable whose value comes from the host never builds its initializer's ops (a loaded
   * ResNet50 built 0.3 s of them for nothing); one without a host value builds them once, when the
   * next run draws it.
   */
  @Test
  void anInitialValueAHostValueReplacesIsNeverBuilt() {
    int[] calls = new int[1];
    InitialValue counted = (Ops tf, Shape shape) -> {
      calls[0]++;
      return tf.fill(tf.constant(shape.asArray()), tf.constant(7f));
    };
    KerasVariable loaded = new KerasVariable("layer/loaded", Shape.of(2), counted, true);
    KerasVariable fresh = new KerasVariable("layer/fresh", Shape.of(2), counted, true);
    try (GraphContext ctx = new GraphContext()) {
      loaded.materialize(ctx);
      fresh.materialize(ctx);
      assertEquals(0, calls[0], "built before any run");
      loaded.assign(vector(1f, 2f));
      List<FloatNdArray> values = KerasVariable.getValues(List.of(loaded, fresh));
      assertEquals(1, calls[0], "only the fresh variable's initializer is built");
      assertArrayEquals(new float[] {1f, 2f}, TestUtil.flat(values.get(0)));
      assertArrayEquals(new float[] {7f, 7f}, TestUtil.flat(values.get(1)));
      KerasVariable.getValues(List.of(loaded, fresh));
      assertEquals(1, calls[0], "built once");
    }
  }

  /**
   * A state variable's write ({@code writeLater}: a loaded optimizer's iterations) runs with the
   * next run, in place of its initial value (one that fails when run is never run); a later write
   * with the same assignment replaces an earlier one; after the first run it simply writes.
   */
  @Test
  void aStateWriteJoinsTheNextRunInPlaceOfTheInitialValue() {
    try (GraphContext ctx = new GraphContext()) {
      Ops tf = ctx.tf();
      Operand<? extends TType> handle = ctx.stateVariable("state", TFloat32.class, Shape.of(4),
          init -> FAILS_WHEN_RUN.call(init, Shape.of(4)));
      Operand<TFloat32> read = tf.readVariableOp(handle, TFloat32.class);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(4)));
      Op assign = tf.assignVariableOp(handle, in);
      ctx.writeLater(assign, Map.of(in, TFloat32.vectorOf(1f, 2f, 3f, 4f)), List.of(handle));
      ctx.writeLater(assign, Map.of(in, TFloat32.vectorOf(5f, 6f, 7f, 8f)), List.of(handle));
      try (TFloat32 v = (TFloat32) ctx.runner().fetch(read).run().get(0)) {
        assertArrayEquals(new float[] {5f, 6f, 7f, 8f}, TestUtil.flat(v));
      }
      ctx.writeLater(assign, Map.of(in, TFloat32.vectorOf(9f, 9f, 9f, 9f)), List.of(handle));
      try (TFloat32 v = (TFloat32) ctx.runner().fetch(read).run().get(0)) {
        assertArrayEquals(new float[] {9f, 9f, 9f, 9f}, TestUtil.flat(v));
      }
    }
  }
}
