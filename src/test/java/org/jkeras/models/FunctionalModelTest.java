package org.jkeras.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.TestUtil;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Add;
import org.jkeras.layers.Average;
import org.jkeras.layers.Concatenate;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Dot;
import org.jkeras.layers.GlobalAveragePooling2D;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.Maximum;
import org.jkeras.layers.Minimum;
import org.jkeras.layers.Multiply;
import org.jkeras.layers.Subtract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;

/** The functional API: graphs with branches, merges, several inputs and outputs, shared layers, nesting. */
class FunctionalModelTest {

  @BeforeEach
  void freshNames() {
    Names.clearSession();
  }

  static List<String> names(List<Layer> layers) {
    List<String> out = new ArrayList<>();
    for (Layer l : layers) {
      out.add(l.name());
    }
    return out;
  }

  /** The acceptance snippet's model (issue 12), without compile. */
  static Model snippet() {
    KerasTensor image = Input.of("image", 32, 32, 3);
    KerasTensor meta = Input.of("meta", 8);
    KerasTensor x = new Conv2D(16, 3, 3).padding("same").activation("relu").name("stem").apply(image);
    KerasTensor r = new Conv2D(16, 3, 3).padding("same").name("res_conv").apply(x);
    x = new Add().name("res_add").apply(x, r);
    x = new GlobalAveragePooling2D().name("gap").apply(x);
    KerasTensor z = new Concatenate().name("concat").apply(x, new Dense(8).activation("relu").name("meta_dense").apply(meta));
    KerasTensor cls = new Dense(1).activation("sigmoid").name("cls").apply(z);
    KerasTensor reg = new Dense(3).name("reg").apply(z);
    return new Model(List.of(image, meta), List.of(cls, reg));
  }

  @Test
  void layersInKerasOrderAndTheSummaryWithConnections() {
    try (Model model = snippet()) {
      // Keras 3.15.1 on the same graph (probed): by depth from the outputs, then by walk order.
      assertEquals(List.of("image", "stem", "res_conv", "res_add", "meta", "gap", "meta_dense", "concat", "cls", "reg"),
          names(model.layers()));
      assertEquals(List.of("cls", "reg"), model.outputNames());
      assertEquals(2_940, model.countParams());
      String expected = String.join("\n",
          "Model: \"functional\"",
          "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓",
          "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃",
          "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩",
          "│ image (InputLayer)  │ (None, 32, 32, 3) │          0 │ -                 │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ stem (Conv2D)       │ (None, 32, 32,    │        448 │ image[0][0]       │",
          "│                     │ 16)               │            │                   │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ res_conv (Conv2D)   │ (None, 32, 32,    │      2,320 │ stem[0][0]        │",
          "│                     │ 16)               │            │                   │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ res_add (Add)       │ (None, 32, 32,    │          0 │ stem[0][0],       │",
          "│                     │ 16)               │            │ res_conv[0][0]    │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ meta (InputLayer)   │ (None, 8)         │          0 │ -                 │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ gap                 │ (None, 16)        │          0 │ res_add[0][0]     │",
          "│ (GlobalAveragePool… │                   │            │                   │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ meta_dense (Dense)  │ (None, 8)         │         72 │ meta[0][0]        │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ concat              │ (None, 24)        │          0 │ gap[0][0],        │",
          "│ (Concatenate)       │                   │            │ meta_dense[0][0]  │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ cls (Dense)         │ (None, 1)         │         25 │ concat[0][0]      │",
          "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
          "│ reg (Dense)         │ (None, 3)         │         75 │ concat[0][0]      │",
          "└─────────────────────┴───────────────────┴────────────┴───────────────────┘",
          " Total params: 2,940 (11.48 KB)",
          " Trainable params: 2,940 (11.48 KB)",
          " Non-trainable params: 0 (0.00 B)",
          "");
      assertEquals(expected, model.summaryString());
    }
  }

  @Test
  void branchOrderFollowsDepthNotCreation() {
    KerasTensor in = Input.of("in", 4);
    Dense b1 = new Dense(4).name("b1");
    Dense b2 = new Dense(4).name("b2");
    KerasTensor b = b2.apply(b1.apply(in));
    KerasTensor a = new Dense(4).name("a3").apply(new Dense(4).name("a2").apply(new Dense(4).name("a1").apply(in)));
    try (Model m = new Model(in, new Concatenate().name("cat").apply(a, b))) {
      assertEquals(List.of("in", "a1", "a2", "b1", "a3", "b2", "cat"), names(m.layers()));
    }
  }

  @Test
  void aSharedLayerHasOneSetOfWeightsAndListsBothCalls() {
    KerasTensor x1 = Input.of("x1", 4);
    KerasTensor x2 = Input.of("x2", 4);
    Dense shared = new Dense(2).name("shared");
    KerasTensor y = new Add().name("sum").apply(shared.apply(x1), shared.apply(new Dense(4).name("pre").apply(x2)));
    try (Model m = new Model(List.of(x1, x2), List.of(y), "sharedm")) {
      assertEquals(List.of("x2", "x1", "pre", "shared", "sum"), names(m.layers()));
      assertEquals(4 * 2 + 2 + 4 * 4 + 4, m.countParams());
      String s = m.summaryString();
      assertTrue(s.contains("│ shared (Dense)      │ (None, 2)         │         10 │ x1[0][0],         │\n"
          + "│                     │                   │            │ pre[0][0]         │"), s);
      assertTrue(s.contains("│ sum (Add)           │ (None, 2)         │          0 │ shared[0][0],     │\n"
          + "│                     │                   │            │ shared[1][0]      │"), s);
      // Both calls compute with the same kernel: equal inputs give equal halves of the sum.
      FloatNdArray ones = TestUtil.array(new float[] {1, 1, 1, 1});
      m.getLayer("pre").setWeights(List.of(TestUtil.identity(4), TestUtil.array(new float[] {0, 0, 0, 0}).get(0)));
      FloatNdArray out = TestUtil.runModel(m, List.of(ones, ones)).get(0);
      FloatNdArray half = TestUtil.runModel(new Model(x1, shared.apply(x1)), List.of(ones)).get(0);
      assertArrayEquals(new float[] {2 * half.getFloat(0, 0), 2 * half.getFloat(0, 1)}, TestUtil.flat(out), 1e-6f);
    }
  }

  @Test
  void aModelNestsAsALayer() {
    KerasTensor subIn = Input.of("sub_in", 4);
    Model sub = new Model(subIn, new Dense(2).name("sub_dense").apply(new Dense(3).name("sub_hidden").apply(subIn)), "sub");
    KerasTensor in = Input.of("outer_in", 4);
    KerasTensor y = new Dense(1).name("outer_head").apply(sub.apply(new Dense(4).name("outer_pre").apply(in)));
    try (Model outer = new Model(in, y)) {
      assertEquals(List.of("outer_in", "outer_pre", "sub", "outer_head"), names(outer.layers()));
      assertEquals("Functional", outer.getLayer("sub").className());
      assertEquals(20 + 15 + 8 + 3, outer.countParams());
      assertEquals(8, outer.weights().size());
      String s = outer.summaryString();
      assertTrue(s.contains("│ sub (Functional)                │ (None, 2)              │            23 │"), s);
      // The nested model computes what its layers compute, step by step.
      FloatNdArray x = TestUtil.array(new float[] {0.5f, -1, 2, 0});
      FloatNdArray h = TestUtil.runModel(new Model(in, outer.getLayer("outer_pre").inboundNodes().get(0).outputs().get(0)),
          List.of(x)).get(0);
      FloatNdArray viaSub = TestUtil.runModel(sub, List.of(h)).get(0);
      KerasTensor headIn = Input.of(2);
      FloatNdArray expected = TestUtil.runModel(new Model(headIn, outer.getLayer("outer_head").apply(headIn)), List.of(viaSub)).get(0);
      assertArrayEquals(TestUtil.flat(expected), TestUtil.flat(TestUtil.runModel(outer, List.of(x)).get(0)), 1e-6f);
    }
  }

  @Test
  void inputsAndOutputsByName() {
    KerasTensor a = Input.of("a", 3);
    KerasTensor b = Input.of("b", 3);
    Map<String, KerasTensor> ins = new LinkedHashMap<>();
    ins.put("first", a);
    ins.put("second", b);
    Map<String, KerasTensor> outs = new LinkedHashMap<>();
    outs.put("total", new Add().apply(a, b));
    outs.put("gap", new Subtract().apply(a, b));
    try (Model m = new Model(ins, outs)) {
      assertEquals(List.of("first", "second"), m.inputNames());
      assertEquals(List.of("total", "gap"), m.outputNames());
      List<FloatNdArray> y = TestUtil.runModel(m, List.of(TestUtil.array(new float[] {1, 2, 3}), TestUtil.array(new float[] {3, 2, 1})));
      assertArrayEquals(new float[] {4, 4, 4}, TestUtil.flat(y.get(0)), 0f);
      assertArrayEquals(new float[] {-2, 0, 2}, TestUtil.flat(y.get(1)), 0f);
    }
  }

  @Test
  void mergeLayersComputeAsKeras() {
    KerasTensor p = Input.of(2);
    KerasTensor q = Input.of(1);
    KerasTensor r = Input.of(2);
    List<KerasTensor> outs = List.of(new Add().apply(p, q), new Multiply().apply(p, r), new Average().apply(p, r, r),
        new Maximum().apply(p, r), new Minimum().apply(p, r), new Concatenate().apply(p, q, r), new Dot(1).apply(p, r),
        new Dot(new int[] {1, 1}, true).apply(p, r));
    try (Model m = new Model(List.of(p, q, r), outs)) {
      List<FloatNdArray> y = TestUtil.runModel(m, List.of(TestUtil.array(new float[] {1, 4}), TestUtil.array(new float[] {10}),
          TestUtil.array(new float[] {3, 2})));
      assertArrayEquals(new float[] {11, 14}, TestUtil.flat(y.get(0)), 0f);
      assertArrayEquals(new float[] {3, 8}, TestUtil.flat(y.get(1)), 0f);
      assertArrayEquals(new float[] {7f / 3, 8f / 3}, TestUtil.flat(y.get(2)), 1e-6f);
      assertArrayEquals(new float[] {3, 4}, TestUtil.flat(y.get(3)), 0f);
      assertArrayEquals(new float[] {1, 2}, TestUtil.flat(y.get(4)), 0f);
      assertArrayEquals(new float[] {1, 4, 10, 3, 2}, TestUtil.flat(y.get(5)), 0f);
      assertArrayEquals(new float[] {11}, TestUtil.flat(y.get(6)), 0f);
      assertEquals(11 / (Math.sqrt(17) * Math.sqrt(13)), y.get(7).getFloat(0, 0), 1e-6);
      assertEquals("(None, 5)", Shapes.format(m.outputs().get(5).shape()));
    }
  }

  @Test
  void mergeShapeRulesAsKeras() {
    assertEquals("(None, 3, 4)", Shapes.format(new Add().apply(Input.of(4), Input.of(3, 4)).shape()));
    assertEquals("(None, 4)", Shapes.format(new Add().apply(Input.of(4), Input.of(1)).shape()));
    assertEquals("(None, 2, 8)", Shapes.format(new Concatenate().apply(Input.of(2, 3), Input.of(2, 5)).shape()));
    assertEquals("(None, 3, 4)", Shapes.format(new Dot(1).apply(Input.of(2, 3), Input.of(2, 4)).shape()));
    assertEquals("(None, 2, 5)", Shapes.format(new Dot(new int[] {2, 1}, false).apply(Input.of(2, 3), Input.of(3, 5)).shape()));
    assertEquals("(None, 1, 1, 3)", Shapes.format(new GlobalAveragePooling2D().keepdims(true).apply(Input.of(5, 6, 3)).shape()));
    assertEquals("(None, 3)", Shapes.format(new GlobalAveragePooling2D().dataFormat("channels_first").apply(Input.of(3, 5, 6)).shape()));
  }

  @Test
  void kerasErrorsNameTheProblem() {
    KerasTensor a = Input.of("a", 4);
    KerasTensor b = Input.of("b", 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Add().apply(a, b));
    assertEquals("Inputs have incompatible shapes. Received shapes (4,) and (5,)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Add().apply(a));
    assertTrue(e.getMessage().startsWith("A merge layer should be called on a list of inputs."), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Concatenate().apply(Input.of(3, 4), Input.of(5, 6)));
    assertEquals("A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis."
        + " Received: input_shape=[(None, 3, 4), (None, 5, 6)]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Subtract().apply(a, a, a));
    assertTrue(e.getMessage().startsWith("A `Subtract` layer should be called on exactly 2 inputs."), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Model(a, new Dense(1).name("d").apply(b)));
    assertEquals("Output with path `` is not connected to `inputs`", e.getMessage());
    KerasTensor x = new Dense(3).name("same").apply(a);
    KerasTensor y = new Dense(3).name("same").apply(x);
    e = assertThrows(IllegalArgumentException.class, () -> new Model(a, y));
    assertEquals("The name \"same\" is used 2 times in the model. All operation names should be unique.", e.getMessage());
    Dense dense = new Dense(2).name("dd");
    dense.apply(a);
    e = assertThrows(IllegalArgumentException.class, () -> dense.apply(b));
    assertTrue(e.getMessage().contains("layer \"dd\" is incompatible"), e.getMessage());
  }

  @Test
  void sequentialListsNoInputLayer() {
    Sequential s = new Sequential(new Dense(4).name("d1").inputShape(3), new Dense(1).name("d2"));
    assertEquals(List.of("d1", "d2"), names(s.layers()));
    assertSame(s.getLayer("d2"), s.output().layer());
    assertEquals("(None, 1)", Shapes.format(s.output().shape()));
  }
}
