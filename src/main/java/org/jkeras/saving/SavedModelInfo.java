package org.jkeras.saving;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jkeras.backend.Shapes;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * What a SavedModel holds, read from its {@code saved_model.pb} without loading it: the signatures
 * (inputs and outputs with names, dtypes and shapes), the variables (names, dtypes, shapes) and the
 * op types of its graph and functions. Works for SavedModels written by Python (Keras's
 * {@code model.export}, {@code tf.saved_model.save}) and by jkeras alike.
 */
public final class SavedModelInfo {

  /** One input or output of a signature: its key, dtype, shape (-1 for None) and graph tensor name. */
  public record TensorSpec(String key, String dtype, Shape shape, String tensorName) {
    @Override
    public String toString() {
      return key + ": " + dtype + " " + Shapes.format(shape) + "  [" + tensorName + "]";
    }
  }

  /** A signature: its key ({@code serving_default}), method name, inputs and outputs in key order. */
  public record Signature(String key, String methodName, List<TensorSpec> inputs, List<TensorSpec> outputs) {}

  /** A variable: its name ({@code block1_conv1/kernel}), dtype, shape and trainable flag when recorded. */
  public record Variable(String name, String dtype, Shape shape, boolean trainable) {}

  private final Path dir;
  private final MetaGraphDef metaGraph;

  private SavedModelInfo(Path dir, MetaGraphDef metaGraph) {
    this.dir = dir;
    this.metaGraph = metaGraph;
  }

  /**
   * Reads {@code dir/saved_model.pb} (the meta graph tagged {@code serve}, or the first one).
   *
   * @throws IOException naming the folder when it is not a SavedModel or the file is damaged
   */
  public static SavedModelInfo read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new FileNotFoundException("No SavedModel at " + dir + ": the folder does not exist.");
    }
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      throw new IOException(dir + " is not a SavedModel: it has no saved_model.pb"
          + (Files.isRegularFile(dir.resolve("saved_model.pbtxt")) ? " (saved_model.pbtxt is not supported)" : "") + ".");
    }
    SavedModel sm;
    try {
      sm = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(pb + " is not a readable SavedModel protocol buffer (truncated or damaged?): " + e.getMessage(), e);
    }
    if (sm.getMetaGraphsCount() == 0) {
      throw new IOException(pb + " holds no meta graph.");
    }
    MetaGraphDef chosen = sm.getMetaGraphs(0);
    for (MetaGraphDef m : sm.getMetaGraphsList()) {
      if (m.getMetaInfoDef().getTagsList().contains("serve")) {
        chosen = m;
        break;
      }
    }
    return new SavedModelInfo(dir, chosen);
  }

  public Path dir() {
    return dir;
  }

  /** The meta graph read, for {@link SavedModelScan}. */
  MetaGraphDef metaGraph() {
    return metaGraph;
  }

  /** The tags of the meta graph read ({@code serve}). */
  public List<String> tags() {
    return metaGraph.getMetaInfoDef().getTagsList();
  }

  /** The TensorFlow version that wrote it (e.g. {@code 2.18.0}), or empty when not recorded. */
  public String tensorflowVersion() {
    return metaGraph.getMetaInfoDef().getTensorflowVersion();
  }

  /**
   * True for a TF2 SavedModel (Python's {@code tf.saved_model.save} / Keras's {@code export}): its
   * variables are resource variables described by an object graph and checkpointed under keys of
   * that graph. False for a TF1-style graph with named variable ops (TF-Java's exporter, jkeras).
   */
  public boolean hasObjectGraph() {
    return metaGraph.hasObjectGraphDef() && metaGraph.getObjectGraphDef().getNodesCount() > 0;
  }

  /** The signatures, by key, without the internal {@code __saved_model_init_op}. */
  public List<Signature> signatures() {
    List<Signature> out = new ArrayList<>();
    for (Map.Entry<String, SignatureDef> e : new TreeMap<>(metaGraph.getSignatureDefMap()).entrySet()) {
      if (e.getKey().startsWith("__")) {
        continue;
      }
      out.add(new Signature(e.getKey(), e.getValue().getMethodName(), specs(e.getValue().getInputsMap()),
          specs(e.getValue().getOutputsMap())));
    }
    return out;
  }

  /**
   * The signature to serve: {@code key} when given, else {@code serving_default}, else the only one.
   *
   * @throws IllegalArgumentException naming the folder and the signatures it has
   */
  public Signature signature(String key) {
    List<Signature> all = signatures();
    String wanted = key != null ? key : SavedModels.SERVING_KEY;
    for (Signature s : all) {
      if (s.key().equals(wanted)) {
        return s;
      }
    }
    if (key == null && all.size() == 1) {
      return all.get(0);
    }
    List<String> keys = new ArrayList<>();
    for (Signature s : all) {
      keys.add(s.key());
    }
    throw new IllegalArgumentException("The SavedModel in " + dir + " has no signature '" + wanted + "'"
        + (all.isEmpty() ? ": it has no signatures at all." : "; its signatures are " + keys + "."));
  }

  /**
   * The variables: from the object graph for a TF2 SavedModel, from the variable ops of the graph
   * otherwise. Names are those the variables were created with ({@code block1_conv1/kernel}), each
   * listed once.
   */
  public List<Variable> variables() {
    List<Variable> out = new ArrayList<>();
    if (hasObjectGraph()) {
      Set<String> seen = new HashSet<>();
      for (SavedObject node : metaGraph.getObjectGraphDef().getNodesList()) {
        // Keras's export tracks each variable twice (by its layer and in a flat list): one entry per name.
        if (node.hasVariable() && seen.add(node.getVariable().getName())) {
          var v = node.getVariable();
          out.add(new Variable(v.getName(), dtype(v.getDtype()), shape(v.getShape()), v.getTrainable()));
        }
      }
      return out;
    }
    for (NodeDef n : metaGraph.getGraphDef().getNodeList()) {
      String op = n.getOp();
      if (op.equals("VariableV2") || op.equals("Variable") || op.equals("VarHandleOp")) {
        out.add(new Variable(n.getName(), dtype(n.getAttrOrThrow("dtype").getType()),
            shape(n.getAttrOrThrow("shape").getShape()), true));
      }
    }
    return out;
  }

  /** How many nodes of each op type the graph and its function library hold, by type name. */
  public Map<String, Integer> opTypes() {
    Map<String, Integer> counts = new TreeMap<>();
    for (NodeDef n : metaGraph.getGraphDef().getNodeList()) {
      counts.merge(n.getOp(), 1, Integer::sum);
    }
    for (FunctionDef f : metaGraph.getGraphDef().getLibrary().getFunctionList()) {
      for (NodeDef n : f.getNodeDefList()) {
        counts.merge(n.getOp(), 1, Integer::sum);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  private static List<TensorSpec> specs(Map<String, TensorInfo> infos) {
    List<TensorSpec> out = new ArrayList<>();
    for (Map.Entry<String, TensorInfo> e : new TreeMap<>(infos).entrySet()) {
      TensorInfo t = e.getValue();
      out.add(new TensorSpec(e.getKey(), dtype(t.getDtype()), shape(t.getTensorShape()), t.getName()));
    }
    return out;
  }

  /** A shape proto as a Shape: unknown rank as {@link Shape#unknown()}, unknown sizes as -1. */
  static Shape shape(TensorShapeProto p) {
    if (p.getUnknownRank()) {
      return Shape.unknown();
    }
    long[] dims = new long[p.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = p.getDim(i).getSize();
    }
    return Shape.of(dims);
  }

  /** TF's dtype names as Python prints them: {@code DT_FLOAT} is {@code float32}. */
  static String dtype(DataType t) {
    switch (t) {
      case DT_FLOAT: return "float32";
      case DT_DOUBLE: return "float64";
      case DT_HALF: return "float16";
      case DT_BFLOAT16: return "bfloat16";
      case DT_INT8: return "int8";
      case DT_INT16: return "int16";
      case DT_INT32: return "int32";
      case DT_INT64: return "int64";
      case DT_UINT8: return "uint8";
      case DT_BOOL: return "bool";
      case DT_STRING: return "string";
      case DT_RESOURCE: return "resource";
      default: return t.name().replaceFirst("^DT_", "").toLowerCase(Locale.ROOT);
    }
  }
}
