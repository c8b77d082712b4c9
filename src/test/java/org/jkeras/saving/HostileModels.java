package org.jkeras.saving;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * Real hostile SavedModels for tests, written with TF-Java's exporter: the serving signature takes
 * images (batch, 8, 8, 3) and returns one float per image, as {@code predict} expects. Every file
 * they touch is given by the test (inside its temporary folder).
 */
public final class HostileModels {
  private HostileModels() {}

  /** The mean of each image: what a benign model of these tests computes. */
  private static Operand<TFloat32> meanPerImage(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2, 3}));
  }

  /** Exports a graph whose serving output {@code build} computes from the image input. */
  private static void export(Path dir, Function<Ops, Function<Placeholder<TFloat32>, Operand<TFloat32>>> build) throws IOException {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("inputs").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> y = tf.withName("output_0").expandDims(build.apply(tf).apply(x), tf.constant(1));
      SavedModelBundle.exporter(dir.toString()).withSession(s)
          .withSignature(Signature.builder().key("serving_default").input("inputs", x).output("output_0", y).build()).export();
    }
  }

  /**
   * serving_default returns the image mean plus the length of {@code secret} (ReadFile) plus the
   * number of entries of {@code folder} (MatchingFiles), after writing {@code written} (WriteFile).
   */
  public static void readsListsAndWrites(Path dir, Path secret, Path folder, Path written) throws IOException {
    export(dir, tf -> x -> {
      Operand<TFloat32> length = tf.dtypes.cast(tf.strings.stringLength(tf.io.readFile(tf.constant(secret.toString()))), TFloat32.class);
      Operand<TFloat32> entries = tf.dtypes.cast(tf.size(tf.io.matchingFiles(tf.constant(folder.resolve("*").toString()))), TFloat32.class);
      var write = tf.io.writeFile(tf.constant(written.toString()), tf.constant("written by the model"));
      return tf.withControlDependencies(List.of(write)).math.add(meanPerImage(tf, x), tf.math.add(length, entries));
    });
  }

  /** A benign serving signature (the image mean) and a TF1 {@code main_op} that writes {@code written} when the model loads. */
  public static void writesAtLoad(Path dir, Path written) throws IOException {
    export(dir, tf -> x -> meanPerImage(tf, x));
    addMainOpWriting(dir, written);
  }

  /** serving_default loops forever: a functional While (TF2's form) whose condition is always true. */
  public static void loopsForever(Path dir) throws IOException {
    ConcreteFunction cond = ConcreteFunction.create(t -> {
      Placeholder<TFloat32> v = t.placeholder(TFloat32.class);
      return Signature.builder().key("always").input("v", v).output("r", t.constant(true)).build();
    });
    ConcreteFunction body = ConcreteFunction.create(t -> {
      Placeholder<TFloat32> v = t.placeholder(TFloat32.class);
      return Signature.builder().key("step").input("v", v).output("r", t.math.add(v, t.constant(1f))).build();
    });
    export(dir, tf -> x -> {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> out = (Operand<TFloat32>) tf.whileOp(List.of(meanPerImage(tf, x)), cond, body).output().get(0);
      return out;
    });
  }

  /**
   * serving_default loops forever in TF1 control flow (Enter, Merge, Switch, LoopCond,
   * NextIteration, Exit), which TF's own run deadline cannot stop.
   */
  public static void loopsForeverTf1(Path dir) throws IOException {
    AttrValue f = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
    AttrValue frame = AttrValue.newBuilder().setS(ByteString.copyFromUtf8("loop")).build();
    TensorProto yes = TensorProto.newBuilder().setDtype(DataType.DT_BOOL).setTensorShape(TensorShapeProto.getDefaultInstance())
        .addBoolVal(true).build();
    TensorProto one = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.getDefaultInstance())
        .addFloatVal(1f).build();
    GraphDef loop = GraphDef.newBuilder()
        .addNode(node("loop/Enter", "Enter", Map.of("T", f, "frame_name", frame), "mean"))
        .addNode(node("loop/Merge", "Merge", Map.of("T", f, "N", AttrValue.newBuilder().setI(2).build()), "loop/Enter", "loop/NextIteration"))
        .addNode(node("loop/true", "Const", Map.of("dtype", AttrValue.newBuilder().setType(DataType.DT_BOOL).build(),
            "value", AttrValue.newBuilder().setTensor(yes).build()), "^loop/Merge"))
        .addNode(node("loop/LoopCond", "LoopCond", Map.of(), "loop/true"))
        .addNode(node("loop/Switch", "Switch", Map.of("T", f), "loop/Merge", "loop/LoopCond"))
        .addNode(node("loop/Identity", "Identity", Map.of("T", f), "loop/Switch:1"))
        .addNode(node("loop/one", "Const", Map.of("dtype", f, "value", AttrValue.newBuilder().setTensor(one).build()), "^loop/Identity"))
        .addNode(node("loop/add", "AddV2", Map.of("T", f), "loop/Identity", "loop/one"))
        .addNode(node("loop/NextIteration", "NextIteration", Map.of("T", f), "loop/add"))
        .addNode(node("loop/Exit", "Exit", Map.of("T", f), "loop/Switch"))
        .build();
    GraphDef model;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName("inputs").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      tf.withName("mean").reshape(meanPerImage(tf, x), tf.constant(new int[] {-1, 1}));
      model = g.toGraphDef().toBuilder().addAllNode(loop.getNodeList())
          .addNode(node("output_0", "Identity", Map.of("T", f), "loop/Exit")).build();
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      g.importGraphDef(model);
      SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(Signature.builder().key("serving_default")
          .input("inputs", g.outputOrThrow("inputs")).output("output_0", g.outputOrThrow("output_0")).build()).export();
    }
  }

  /**
   * Adds to the SavedModel in {@code dir} (any writer) a TF1 {@code saved_model_main_op}: a
   * WriteFile of {@code written}, which TF's loader runs after restoring the variables.
   */
  public static void addMainOpWriting(Path dir, Path written) throws IOException {
    GraphDef extra;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withSubScope("tampered");
      tf.withName("write").io.writeFile(tf.constant(written.toString()), tf.constant("written when the model loaded"));
      extra = g.toGraphDef();
    }
    edit(dir, m -> {
      m.getGraphDefBuilder().addAllNode(extra.getNodeList());
      m.putCollectionDef("saved_model_main_op",
          CollectionDef.newBuilder().setNodeList(CollectionDef.NodeList.newBuilder().addValue("tampered/write")).build());
    });
  }

  /** Rewrites the meta graph of {@code dir/saved_model.pb} in place. */
  public static void edit(Path dir, Consumer<MetaGraphDef.Builder> change) throws IOException {
    Path pb = dir.resolve("saved_model.pb");
    SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
    MetaGraphDef.Builder m = sm.getMetaGraphs(0).toBuilder();
    change.accept(m);
    Files.write(pb, sm.toBuilder().setMetaGraphs(0, m).build().toByteArray());
  }

  /** The builder of the graph node {@code name} inside {@code m}. */
  public static NodeDef.Builder node(MetaGraphDef.Builder m, String name) {
    for (NodeDef.Builder n : m.getGraphDefBuilder().getNodeBuilderList()) {
      if (n.getName().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no node " + name);
  }

  private static NodeDef node(String name, String op, Map<String, AttrValue> attrs, String... inputs) {
    return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).putAllAttr(attrs).build();
  }
}
