package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import io.jhdf.exceptions.HdfException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jkeras.backend.KerasVariable;
import org.jkeras.backend.Names;
import org.jkeras.backend.Shapes;
import org.jkeras.layers.Layer;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.utils.OutputTarget;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras 3's weights file, {@code model.save_weights("x.weights.h5")} and {@code
 * model.load_weights(...)}: an HDF5 file that Python Keras and jkeras both read and write.
 *
 * <p>The layout is Keras's {@code saving_lib}: each layer of a model lives at {@code
 * layers/<key>}, where the key is the snake-cased class name made unique within its model
 * ({@code conv2d}, {@code conv2d_1}, {@code dense}...), not the layer's name, so that two instances
 * of the same architecture exchange weights whatever their automatic names. Under it a group
 * {@code vars} (attribute {@code name}: the layer's name) holds datasets {@code 0, 1, ...}: the
 * layer's trainable variables, then its non-trainable ones, in creation order. A nested model
 * (a VGG16 base) has its own {@code layers/...} below its key. A Sequential model lists its layers
 * without the input layer; a functional model with it. The model's own {@code vars} group sits at
 * the root.
 *
 * <p>Loading matches by those keys, as Keras does; entries of the file that no layer asks for are
 * ignored (Keras ignores them too). Every layer is checked (count of variables, every shape)
 * before any weight is changed, so a file of another architecture leaves the model untouched and
 * the error names each layer that does not fit with both shapes. A compiled model's optimizer
 * state is written and read under {@code optimizer/vars} as Keras does ({@link OptimizerWeights});
 * an optimizer that has not been built yet (before the first {@code fit}) skips it, as Keras
 * skips it with a warning.
 */
public final class WeightsFile {
  /** Keras requires this suffix for {@code save_weights} / {@code load_weights}. */
  public static final String SUFFIX = ".weights.h5";

  private WeightsFile() {}

  /** One saveable object of the walk: its group path and the variables it owns (none for a model). */
  private record Entry(String path, Layer layer, List<KerasVariable> variables) {
    String varsPath() {
      return path.isEmpty() ? "vars" : path + "/vars";
    }
  }

  // ---------------------------------------------------------------- save

  /** What {@link #save} may replace: an HDF5 file (Keras writes weights files as HDF5). */
  public static final OutputTarget TARGET = OutputTarget.file("an HDF5 weights file", WeightsFile::isHdf5);

  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  /** True when {@code file} starts with HDF5's signature. */
  static boolean isHdf5(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(HDF5_SIGNATURE.length), HDF5_SIGNATURE);
    } catch (IOException e) {
      return false;
    }
  }

  public static void save(Layer model, Path file) throws IOException {
    save(model, file, true);
  }

  public static void save(Layer model, Path file, boolean overwrite) throws IOException {
    save(model, null, file, overwrite);
  }

  /** Checks, writing nothing, that {@link #save} may write {@code file} (Keras's suffix, the {@link #TARGET} rules). */
  public static void checkSavePath(Path file) {
    checkSuffix(file);
    TARGET.check(file, true, "filepath");
  }

  /**
   * Keras's {@code model.save_weights(filepath, overwrite)}. The file is written beside its target,
   * read back, and moved into place once complete, so an existing file survives any failure; only
   * an HDF5 file is ever replaced (see {@link OutputTarget}). With an {@code optimizer} (the
   * model's compiled one, or null), its state too.
   */
  public static void save(Layer model, Optimizer optimizer, Path file, boolean overwrite) throws IOException {
    checkSuffix(file);
    checkBuilt(model, "saving");
    TARGET.write(file, overwrite, "filepath", tmp -> write(model, optimizer, tmp, true));
  }

  /**
   * Writes the weights of {@code model}, then {@code optimizer}'s state when it is not null, in
   * Keras's layout to the new file {@code tmp} (a staging path), and reads the file back before
   * returning. {@code durable}: forced to the disk before returning.
   */
  static void write(Layer model, Optimizer optimizer, Path tmp, boolean durable) throws IOException {
    checkBuilt(model, "saving");
    write(walk(model), optimizer, tmp, durable);
  }

  private static void write(List<Entry> entries, Optimizer optimizer, Path tmp, boolean durable) throws IOException {
    try (FileChannel fc = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ)) {
      write(entries, optimizer, fc, 0, ValueChunks.DEFAULT_CHUNK_BYTES, tmp);
      if (durable) {
        fc.force(true);
      }
    }
  }

  /**
   * Writes the weights of {@code model} (and {@code optimizer}'s state when not null) as an HDF5
   * file starting {@code offset} bytes into {@code fc} (the weights member of a {@code .keras}
   * archive being written), reads it back, and returns its size in bytes. The values are read from
   * the graph while they are written, {@code chunkBytes} per run ({@link ValueChunks}; {@link
   * ValueChunks#DEFAULT_CHUNK_BYTES}: one run).
   *
   * @param file the file named in messages
   */
  static long write(Layer model, Optimizer optimizer, FileChannel fc, long offset, long chunkBytes, Path file)
      throws IOException {
    checkBuilt(model, "saving");
    return write(walk(model), optimizer, fc, offset, chunkBytes, file);
  }

  private static long write(List<Entry> entries, Optimizer optimizer, FileChannel fc, long offset, long chunkBytes,
      Path file) throws IOException {
    long size = writeTree(entries, optimizer, fc, offset, chunkBytes, file);
    verify(entries, optimizer, fc.map(FileChannel.MapMode.READ_ONLY, offset, size), file);
    return size;
  }

  /**
   * Writes the HDF5 tree. jHDF's {@code WritableHdfFile.close()} appends a version string at the
   * channel's current position, which is the end of the last dataset written rather than the end
   * of the file: with a group written after that dataset the string lands in the group's header
   * and corrupts the file (jHDF 0.13.0). So the root group is written here through jHDF's public
   * writer classes, followed by the superblock, as that method does, without the version string.
   * Each weight is a {@link StreamedFloatDataset}: its value is read while it is written.
   */
  private static long writeTree(List<Entry> entries, Optimizer optimizer, FileChannel fc, long offset,
      long chunkBytes, Path file) throws IOException {
    WritableGroupImpl root = new WritableGroupImpl(null, "/");
    Map<String, WritableGroup> groups = new HashMap<>();
    groups.put("", root);
    for (Entry e : entries) {
      WritableGroup vars = group(groups, e.varsPath());
      vars.putAttribute("name", e.layer().name());
      for (int i = 0; i < e.variables().size(); i++) {
        putValue(vars, Integer.toString(i), e.variables().get(i));
      }
    }
    if (optimizer != null) {
      OptimizerWeights.write(path -> group(groups, path), optimizer);
    }
    try (ValueChunks values = ValueChunks.plan(root, chunkBytes)) {
      Superblock.SuperblockV2V3 superblock = new Superblock.SuperblockV2V3();
      OffsetHdfChannel channel = new OffsetHdfChannel(fc, offset, superblock);
      root.write(channel, 64); // jHDF's WritableHdfFile.ROOT_GROUP_ADDRESS: right after the superblock
      channel.write(superblock.toBuffer(channel.size()), 0);
      return channel.size();
    } catch (HdfException e) {
      throw new IOException("Could not write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Adds the dataset {@code name} of {@code group} holding {@code v}'s value, read when it is written. */
  static void putValue(WritableGroup group, String name, KerasVariable v) {
    if (StreamedFloatDataset.fits(v)) {
      group.putDataset(name, new StreamedFloatDataset(group, name, v));
    } else {
      group.putDataset(name, toJavaArray(v.getValue()));
    }
  }

  /** The group at {@code path} ("a/b/c"), created with its parents as needed. */
  private static WritableGroup group(Map<String, WritableGroup> groups, String path) {
    WritableGroup g = groups.get(path);
    if (g != null) {
      return g;
    }
    int slash = path.lastIndexOf('/');
    WritableGroup parent = group(groups, slash < 0 ? "" : path.substring(0, slash));
    g = parent.putGroup(path.substring(slash + 1));
    groups.put(path, g);
    return g;
  }

  /** Reads the new file back (structure and shapes) before it replaces anything. */
  private static void verify(List<Entry> entries, Optimizer optimizer, ByteBuffer written, Path tmp) throws IOException {
    try (HdfFile f = HdfFile.fromByteBuffer(written)) {
      if (optimizer != null) {
        List<Shape> shapes = OptimizerWeights.shapes(optimizer);
        for (int i = 0; i < shapes.size(); i++) {
          Dataset d = (Dataset) f.getByPath(OptimizerWeights.VARS + "/" + i);
          if (!Arrays.equals(d.getDimensionsAsLong(), shapes.get(i).asArray()) && !(shapes.get(i).numDimensions() == 0 && d.isScalar())) {
            throw new IOException("Writing " + tmp + " produced a dataset of shape " + Arrays.toString(d.getDimensions())
                + " for " + OptimizerWeights.VARS + "/" + i);
          }
        }
      }
      for (Entry e : entries) {
        Node vars = f.getByPath(e.varsPath());
        for (int i = 0; i < e.variables().size(); i++) {
          Dataset d = (Dataset) f.getByPath(e.varsPath() + "/" + i);
          long[] want = e.variables().get(i).shape().asArray();
          if (!Arrays.equals(d.getDimensionsAsLong(), want) && !(want.length == 0 && d.isScalar())) {
            throw new IOException("Writing " + tmp + " produced a dataset of shape "
                + Arrays.toString(d.getDimensions()) + " for " + vars.getPath() + "/" + i);
          }
        }
      }
    } catch (HdfException | ClassCastException e) {
      throw new IOException("The weights file written to " + tmp + " does not read back: " + e.getMessage(), e);
    }
  }

  /** A float array of the value's rank (a boxed Float for a scalar), as jHDF writes datasets. */
  static Object toJavaArray(FloatNdArray value) {
    long[] dims = value.shape().asArray();
    if (dims.length == 0) {
      return value.getFloat();
    }
    float[] flat = new float[(int) value.size()];
    value.copyTo(DataBuffers.of(flat, false, false));
    int[] idims = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      idims[i] = Math.toIntExact(dims[i]);
    }
    Object out = Array.newInstance(float.class, idims);
    fill(out, flat, 0, idims, 0);
    return out;
  }

  private static int fill(Object array, float[] flat, int offset, int[] dims, int axis) {
    if (axis == dims.length - 1) {
      System.arraycopy(flat, offset, array, 0, dims[axis]);
      return offset + dims[axis];
    }
    for (int i = 0; i < dims[axis]; i++) {
      offset = fill(Array.get(array, i), flat, offset, dims, axis + 1);
    }
    return offset;
  }

  // ---------------------------------------------------------------- load

  /**
   * Writes {@code optimizer}'s state alone, in Keras's layout ({@code optimizer/vars}), to the new
   * file {@code tmp} and reads it back: a SavedModel folder keeps it beside its checkpoint.
   */
  static void writeOptimizer(Optimizer optimizer, Path tmp) throws IOException {
    write(List.of(), optimizer, tmp, true);
  }

  /**
   * Loads what {@link #writeOptimizer} wrote into {@code optimizer}, as {@code load_weights} loads
   * an optimizer's state: skipped when the optimizer is not built or has another number of
   * variables (Keras skips it with a warning), refused when the shapes or types differ.
   */
  public static void loadOptimizer(Optimizer optimizer, Path file) throws IOException {
    try (HdfFile f = Hdf5Reading.open(file); FileChannel channel = FileChannel.open(file)) {
      load(List.of(), "optimizer \"" + optimizer.name() + "\"", optimizer, f, file, Files.size(file), false,
          HdfRegion.wholeFile(file, channel, f));
    }
  }

  /**
   * Keras's {@code model.load_weights(filepath)} for a {@code .weights.h5} file. Nothing is
   * changed unless every layer of the model finds its variables in the file with the right shapes;
   * NaN or infinite values are refused (see {@link #load(Layer, Path, boolean)}).
   */
  public static void load(Layer model, Path file) throws IOException {
    load(model, file, false);
  }

  public static void load(Layer model, Path file, boolean allowNonFinite) throws IOException {
    load(model, null, file, allowNonFinite);
  }

  /**
   * Keras's {@code model.load_weights(filepath)} for a {@code .weights.h5} file. Only the groups
   * the model's layers own are visited, through hard links (Keras 3 refuses soft and external
   * links too); every dataset's shape, type and storage are checked before any value is read, so
   * a file declaring huge datasets costs no memory; every value is read before any weight is set.
   * NaN or infinite values are refused unless {@code allowNonFinite}: Keras loads them silently.
   *
   * @throws IOException naming the file when it is missing, not HDF5, damaged, or holds links
   * @throws IllegalArgumentException naming the file and each layer at fault when it holds another
   *     architecture, or naming the weights that hold non-finite values
   */
  public static void load(Layer model, Optimizer optimizer, Path file, boolean allowNonFinite) throws IOException {
    checkSuffix(file);
    checkBuilt(model, "loading");
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException("No weights file found at " + file.toAbsolutePath() + ".");
    }
    try (HdfFile f = Hdf5Reading.open(file); FileChannel channel = FileChannel.open(file)) {
      load(model, optimizer, f, file, Files.size(file), allowNonFinite, HdfRegion.wholeFile(file, channel, f));
    }
  }

  /**
   * {@link #load(Layer, Optimizer, Path, boolean)} from an open HDF5 file (the weights member of a
   * {@code .keras} archive).
   *
   * @param file the file named in messages
   * @param size the bytes of HDF5 data {@code f} lies in
   * @param region where those bytes lie on disk, to read float32 data in place; null when {@code f}
   *     is in memory
   */
  static void load(Layer model, Optimizer optimizer, HdfFile f, Path file, long size, boolean allowNonFinite,
      HdfRegion region) throws IOException {
    checkBuilt(model, "loading");
    load(walk(model), "model \"" + model.name() + "\"", optimizer, f, file, size, allowNonFinite, region);
  }

  /** Matches {@code entries} and the optimizer's state, checks everything, then assigns: nothing is half-loaded. */
  private static void load(List<Entry> entries, String owner, Optimizer optimizer, HdfFile f, Path file, long size,
      boolean allowNonFinite, HdfRegion region) throws IOException {
    try (WeightDatasets chosen = new WeightDatasets(file, size, region)) {
      load(entries, owner, optimizer, f, file, allowNonFinite, chosen);
    }
  }

  private static void load(List<Entry> entries, String owner, Optimizer optimizer, HdfFile f, Path file,
      boolean allowNonFinite, WeightDatasets chosen) throws IOException {
    long size = chosen.fileSize();
    List<String> problems = new ArrayList<>();
    OptimizerWeights.Pending optimizerState = null;
    try {
      for (Entry e : entries) {
        match(f, e, chosen, problems, file);
      }
      optimizerState = OptimizerWeights.match(f, optimizer, chosen, problems, file);
      if (problems.isEmpty()) {
        chosen.read();
        if (optimizerState != null) {
          OptimizerWeights.read(optimizerState, file, size);
        }
      }
    } catch (RuntimeException | StackOverflowError e) {
      throw Hdf5Reading.unreadable(file, e);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(Hdf5Reading.oneLine("Cannot load the weights in " + file.toAbsolutePath()
          + " into " + owner + ": the file holds another architecture: " + Hdf5Reading.listed(problems)
          + ". Nothing was loaded."));
    }
    if (optimizerState != null) {
      OptimizerWeights.check(optimizerState, file);
    }
    chosen.assign(owner, allowNonFinite);
    if (optimizerState != null) {
      OptimizerWeights.assign(optimizerState);
    }
  }

  /** Matches one layer's variables to the datasets {@code 0, 1, ...} of its {@code vars} group (metadata only). */
  private static void match(HdfFile f, Entry e, WeightDatasets chosen, List<String> problems, Path file)
      throws IOException {
    List<KerasVariable> vs = e.variables();
    Group vars = Hdf5Reading.group(f, e.varsPath(), file);
    // Keras counts every key of the group (store.keys()), links included; none is followed.
    Map<String, Node> stored = vars == null ? Map.of() : vars.getChildren();
    String where = "Layer '" + e.layer().name() + "' (" + e.layer().className() + ", at " + e.varsPath() + ")";
    if (stored.size() != vs.size()) {
      List<String> expected = new ArrayList<>();
      for (KerasVariable v : vs) {
        expected.add(v.name() + " " + Shapes.format(v.shape()));
      }
      problems.add(where + " expected " + vs.size() + " variables, but received " + stored.size()
          + " variables during loading. Expected: " + expected + ", found: " + describe(stored));
      return;
    }
    for (int i = 0; i < vs.size(); i++) {
      KerasVariable v = vs.get(i);
      Node n = stored.containsKey(Integer.toString(i)) ? Hdf5Reading.node(vars, Integer.toString(i), file) : null;
      if (!(n instanceof Dataset d)) {
        problems.add(where + " has no dataset `" + i + "` for variable `" + v.name() + "`; found: " + describe(stored));
        continue;
      }
      Shape shape = Shape.of(d.getDimensionsAsLong());
      String type = WeightDatasets.typeProblem(d);
      if (!shape.equals(v.shape())) {
        problems.add(where + ": variable `" + v.name() + "` has shape " + Shapes.format(v.shape())
            + " but the file holds shape " + Shapes.format(shape) + " (" + e.varsPath() + "/" + i + ")");
      } else if (type != null) {
        problems.add(where + ": variable `" + v.name() + "`: dataset " + e.varsPath() + "/" + i + " " + type);
      } else {
        chosen.add(v, d);
      }
    }
  }

  /** The children of a vars group as found, without following any link: {@code [0 (3, 3, 3, 4), 1 (4,)]}. */
  private static String describe(Map<String, Node> stored) {
    List<String> out = new ArrayList<>();
    List<String> names = new ArrayList<>(stored.keySet());
    Collections.sort(names);
    for (String name : names) {
      Node n = stored.get(name);
      out.add(name + (n.isLink() ? " (a link)" : n instanceof Dataset d
          ? " " + Shapes.format(Shape.of(d.getDimensionsAsLong())) : " (a group)"));
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- the walk

  /**
   * The model and its layers in Keras's {@code _save_state} order, each with its group path.
   * A layer met twice (shared) is saved once, at its first path.
   */
  private static List<Entry> walk(Layer model) {
    List<Entry> out = new ArrayList<>();
    visit(model, "", out, Collections.newSetFromMap(new IdentityHashMap<>()));
    return out;
  }

  private static void visit(Layer layer, String path, List<Entry> out, Set<Layer> visited) {
    if (!visited.add(layer)) {
      return;
    }
    List<Layer> children = layer.containedLayers();
    if (children == null) {
      out.add(new Entry(path, layer, ownVariables(layer)));
      return;
    }
    // A model: its own (empty) vars, then each of its layers (Keras's model.layers: a Sequential's
    // without its input layer), under the class-based name Keras gives it in this model.
    out.add(new Entry(path, layer, List.of()));
    Map<String, Integer> used = new HashMap<>();
    String prefix = path.isEmpty() ? "layers/" : path + "/layers/";
    for (Layer child : children) {
      visit(child, prefix + uniqueName(Names.snakeCase(child.className()), used), out, visited);
    }
  }

  /** Keras's {@code _get_unique_name}: {@code dense}, then {@code dense_1}, {@code dense_2}... */
  private static String uniqueName(String name, Map<String, Integer> used) {
    Integer n = used.get(name);
    if (n == null) {
      used.put(name, 0);
      return name;
    }
    used.put(name, n + 1);
    return name + "_" + (n + 1);
  }

  /**
   * A layer's variables as Keras stores them: {@code _trainable_variables +
   * _non_trainable_variables}, each in creation order ({@link Layer#weights()}). Freezing a layer
   * does not reorder them.
   */
  private static List<KerasVariable> ownVariables(Layer layer) {
    return layer.weights();
  }

  // ---------------------------------------------------------------- checks

  private static void checkSuffix(Path file) {
    if (file == null || !file.getFileName().toString().endsWith(SUFFIX)) {
      throw new IllegalArgumentException("The filename must end in `" + SUFFIX + "`. Received: filepath=" + file);
    }
  }

  private static void checkBuilt(Layer model, String what) {
    if (model.builtInputShape() == null) {
      throw new IllegalStateException("You are " + what + " weights "
          + (what.equals("loading") ? "into" : "of") + " a model that has not yet been built. Try building the model"
          + " first by calling it on some data or by using `build()`.");
    }
  }
}
