package org.jkeras.saving;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jkeras.backend.Shapes;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The variables of a SavedModel read by name from its checkpoint ({@code variables/variables.*}),
 * without loading its graph: how a model written by Python Keras gives its weights to a model built
 * in Java, where they can be frozen or trained.
 *
 * <p>A TF2 SavedModel (Keras's {@code model.export}, {@code tf.saved_model.save}) checkpoints each
 * variable under a key of its object graph ({@code variables/0/.ATTRIBUTES/VARIABLE_VALUE},
 * {@code _operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE}...); the checkpoint's own object graph
 * ({@code _CHECKPOINTABLE_OBJECT_GRAPH}) maps each key to the variable's name
 * ({@code block1_conv1/kernel}). A TF1-style SavedModel (TF-Java's exporter, so jkeras's own)
 * checkpoints each variable under its op name.
 */
public final class SavedModelCheckpoint {
  private static final String OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH";

  private final Path dir;
  private final String prefix;
  /** Variable name to checkpoint key, in the order the model lists them. */
  private final Map<String, String> keys;
  private final Map<String, SavedModelInfo.Variable> variables;

  private SavedModelCheckpoint(Path dir, Map<String, String> keys, Map<String, SavedModelInfo.Variable> variables) {
    this.dir = dir;
    this.prefix = dir.resolve("variables").resolve("variables").toString();
    this.keys = keys;
    this.variables = variables;
  }

  /**
   * Opens the checkpoint of the SavedModel in {@code dir}.
   *
   * @throws IOException naming the folder when it is not a SavedModel or has no readable checkpoint
   */
  public static SavedModelCheckpoint open(Path dir) throws IOException {
    SavedModelInfo info = SavedModelInfo.read(dir);
    if (!Files.isRegularFile(dir.resolve("variables").resolve("variables.index"))) {
      throw new IOException("The SavedModel in " + dir + " has no checkpoint (variables/variables.index is missing).");
    }
    Map<String, SavedModelInfo.Variable> vars = new LinkedHashMap<>();
    for (SavedModelInfo.Variable v : info.variables()) {
      vars.putIfAbsent(v.name(), v);
    }
    Map<String, String> keys = new LinkedHashMap<>();
    if (info.hasObjectGraph()) {
      TrackableObjectGraph graph = readObjectGraph(dir);
      for (TrackableObjectGraph.TrackableObject node : graph.getNodesList()) {
        for (TrackableObjectGraph.TrackableObject.SerializedTensor t : node.getAttributesList()) {
          if (t.getName().equals("VARIABLE_VALUE") && !t.getFullName().isEmpty()) {
            keys.putIfAbsent(stripOutputSuffix(t.getFullName()), t.getCheckpointKey());
          }
        }
      }
    } else {
      for (String name : vars.keySet()) {
        keys.put(name, name);
      }
    }
    return new SavedModelCheckpoint(dir, keys, vars);
  }

  private static String stripOutputSuffix(String name) {
    return name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
  }

  private static TrackableObjectGraph readObjectGraph(Path dir) throws IOException {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Class<? extends TType>> types = List.of(TString.class);
      Restore r = tf.train.restore(tf.constant(dir.resolve("variables").resolve("variables").toString()),
          strings(tf, OBJECT_GRAPH_KEY), strings(tf, ""), types);
      try (Result res = s.runner().fetch(r.tensors().get(0)).run()) {
        byte[] bytes = ((TString) res.get(0)).asBytes().getObject();
        return TrackableObjectGraph.parseFrom(bytes);
      }
    } catch (TensorFlowException e) {
      throw failure(dir, "Cannot read the object graph of the checkpoint in " + dir.resolve("variables"), e);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("The checkpoint object graph in " + dir + "/variables is damaged: " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The checkpointed variables by name, as the SavedModel describes them. */
  public Map<String, SavedModelInfo.Variable> variables() {
    Map<String, SavedModelInfo.Variable> out = new LinkedHashMap<>();
    for (Map.Entry<String, SavedModelInfo.Variable> e : variables.entrySet()) {
      if (keys.containsKey(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** True when a variable of that name is in the checkpoint. */
  public boolean has(String name) {
    return keys.containsKey(name);
  }

  /**
   * Reads float32 variables by name, all in one restore.
   *
   * @throws IllegalArgumentException naming the SavedModel and the variable when one is missing or
   *     not float32; nothing is returned in part
   */
  public Map<String, FloatNdArray> read(List<String> names) throws IOException {
    List<String> ckptKeys = new ArrayList<>();
    for (String n : names) {
      String key = keys.get(n);
      if (key == null) {
        throw new IllegalArgumentException("The SavedModel in " + dir + " has no variable `" + n + "`"
            + (keys.isEmpty() ? "." : "; it has " + abbreviated(new ArrayList<>(keys.keySet())) + "."));
      }
      SavedModelInfo.Variable v = variables.get(n);
      if (v != null && !v.dtype().equals("float32")) {
        throw new IllegalArgumentException("Variable `" + n + "` in the SavedModel in " + dir + " is " + v.dtype()
            + ", expected float32.");
      }
      ckptKeys.add(key);
    }
    Map<String, FloatNdArray> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    List<Class<? extends TType>> types = new ArrayList<>();
    String[] slices = new String[names.size()];
    for (int i = 0; i < names.size(); i++) {
      types.add(TFloat32.class);
      slices[i] = "";
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Restore r = tf.train.restore(tf.constant(prefix), strings(tf, ckptKeys.toArray(new String[0])),
          strings(tf, slices), types);
      Session.Runner runner = s.runner();
      for (Operand<?> o : r) {
        runner.fetch(o);
      }
      try (Result res = runner.run()) {
        for (int i = 0; i < names.size(); i++) {
          TFloat32 t = (TFloat32) res.get(i);
          FloatNdArray a = NdArrays.ofFloats(t.shape());
          t.copyTo(a);
          SavedModelInfo.Variable v = variables.get(names.get(i));
          if (v != null && !v.shape().isUnknown() && !v.shape().equals(a.shape())) {
            throw new IOException("Variable `" + names.get(i) + "` in " + dir + " is recorded with shape "
                + Shapes.format(v.shape()) + " but its checkpoint holds " + Shapes.format(a.shape()) + ".");
          }
          out.put(names.get(i), a);
        }
      }
    } catch (TensorFlowException e) {
      throw failure(dir, "Cannot read the variables of the SavedModel in " + dir, e);
    }
    return out;
  }

  /**
   * TF's error on reading the checkpoint of the SavedModel in {@code dir}, in one line that names
   * the damaged file when TF's message tells which ("not an sstable": the index; "Read less bytes
   * than requested", a checksum: the data); otherwise {@code context} and TF's first line.
   */
  static IOException failure(Path dir, String context, TensorFlowException e) {
    String tf = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("").strip();
    String lower = tf.toLowerCase(Locale.ROOT);
    Path vars = dir.resolve("variables");
    Path file = null;
    if (lower.contains("sstable") || lower.contains("block") && lower.contains("index")) {
      file = vars.resolve("variables.index");
    } else if (lower.contains("read less bytes") || lower.contains("checksum") || lower.contains("data loss")) {
      file = dataFile(vars);
    }
    if (file != null) {
      return new IOException(file + " is truncated or damaged (TensorFlow: " + tf + ").", e);
    }
    return new IOException(context + ": " + tf, e);
  }

  /** The checkpoint's data file, or {@code variables.data-*} when there is not exactly one. */
  private static Path dataFile(Path vars) {
    List<Path> shards = new ArrayList<>();
    try (var files = Files.list(vars)) {
      files.filter(f -> f.getFileName().toString().startsWith("variables.data-")).forEach(shards::add);
    } catch (IOException e) {
      // fall back to the pattern
    }
    return shards.size() == 1 ? shards.get(0) : vars.resolve("variables.data-*");
  }

  private static Operand<TString> strings(Ops tf, String... values) {
    return tf.constant(NdArrays.vectorOfObjects(values));
  }

  static String abbreviated(List<String> names) {
    if (names.size() <= 8) {
      return names.toString();
    }
    return names.subList(0, 8).toString().replace("]", ", ... (" + names.size() + " in all)]");
  }
}
