package org.jkeras.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** jkeras's op naming gives TF-Java's names, stays unique against ops made elsewhere, and keeps scopes' other effects. */
class GraphScopeTest {

  @Test
  void namesAsTfJavaNamesThem() {
    try (Graph mine = new Graph(); Graph theirs = new Graph()) {
      List<String> a = names(GraphScope.ops(mine));
      List<String> b = names(Ops.create(theirs));
      assertEquals(b, a);
      assertEquals(List.of("dense/Const", "dense/Const_1", "dense_1/Const", "dense/inner/kernel", "dense/inner/kernel_1",
          "Const", "top"), a);
    }
  }

  private static List<String> names(Ops tf) {
    Ops dense = tf.withSubScope("dense");
    String c0 = dense.constant(1f).op().name();
    String c1 = dense.constant(2f).op().name();
    String d1 = tf.withSubScope("dense").constant(3f).op().name();
    Ops inner = dense.withSubScope("inner");
    String k0 = inner.withName("kernel").constant(4f).op().name();
    String k1 = inner.withName("kernel").constant(5f).op().name();
    return List.of(c0, c1, d1, k0, k1, tf.constant(6f).op().name(), tf.withName("top").constant(7f).op().name());
  }

  @Test
  void aNameTakenByAnOpMadeElsewhereIsSkipped() {
    try (Graph g = new Graph()) {
      Ops elsewhere = Ops.create(g);
      elsewhere.withSubScope("block").constant(1f);            // block/Const, made by TF-Java's own scope
      Ops tf = GraphScope.ops(g);
      assertEquals("block/Const_1", tf.withSubScope("block").constant(2f).op().name());
      elsewhere.withName("x").constant(3f);
      assertEquals("x_1", tf.withName("x").constant(4f).op().name());
    }
  }

  @Test
  void controlDependenciesAndTheInitScopeStillApply() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = GraphScope.ops(g).withSubScope("s");
      var v = tf.withInitScope().variable(tf.withInitScope().constant(1f));
      Op add = tf.assignAdd(v, tf.constant(2f));
      Operand<TFloat32> after = tf.withControlDependencies(List.of(add)).identity(v);
      assertTrue(g.isInitializer(v.op()), "made in the init scope");
      s.initialize();
      try (TFloat32 t = (TFloat32) s.runner().fetch(after).run().get(0)) {
        assertEquals(3f, t.getFloat());
      }
    }
  }

  @Test
  void invalidNamesAreRefusedAsTfJavaRefusesThem() {
    try (Graph g = new Graph()) {
      Ops tf = GraphScope.ops(g);
      assertThrows(IllegalArgumentException.class, () -> tf.withSubScope("a/b"));
      assertThrows(IllegalArgumentException.class, () -> tf.withName("-x"));
    }
  }
}
