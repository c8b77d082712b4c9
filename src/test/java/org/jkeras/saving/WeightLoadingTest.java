package org.jkeras.saving;

import static org.jkeras.TestUtil.flat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.WritableGroupImpl;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.KerasVariable;
import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.Input;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.Layer;
import org.jkeras.layers.MaxPooling2D;
import org.jkeras.models.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.StdArrays;

/**
 * Loading by layer name from HDF5 files laid out as Keras writes them (files written here with
 * jhdf; the parity suite loads files written by Keras itself) and refusing files that do not fit.
 */
class WeightLoadingTest {

  /** A small VGG-like model: block1_conv1 (3x3x3x4), block1_pool, flatten, fc (64 -> 2). */
  static Model small(int filters) {
    KerasTensor in = Input.of(8, 8, 3);
    KerasTensor x = new Conv2D(filters, 3, 3).padding("same").activation("relu").name("block1_conv1").apply(in);
    x = new MaxPooling2D(2, 2).name("block1_pool").apply(x);
    x = new Flatten().name("flatten").apply(x);
    x = new Dense(2).name("fc").apply(x);
    return new Model(in, x);
  }

  /**
   * Keras's legacy layout (as in the ImageNet files): layer_names, weight_names, `<layer>_W_1:0`.
   * Written as WeightsFile writes, not through WritableHdfFile, whose close() can write its version
   * string into a group header (jHDF 0.13.0; which group depends on the layers' auto names).
   */
  static void writeLegacy(Path file, Model model, String renameFrom, String renameTo) throws IOException {
    WritableGroupImpl f = new WritableGroupImpl(null, "/");
    List<String> names = new ArrayList<>();
    for (Layer l : model.layers()) {
      names.add(l.name().equals(renameFrom) ? renameTo : l.name());
    }
    f.putAttribute("layer_names", names.toArray(new String[0]));
    f.putAttribute("backend", "tensorflow");
    for (Layer l : model.layers()) {
      String name = l.name().equals(renameFrom) ? renameTo : l.name();
      WritableGroup g = f.putGroup(name);
      List<KerasVariable> ws = l.weights();
      if (ws.isEmpty()) {
        continue; // Keras writes an empty weight_names; an absent one reads the same
      }
      String[] wn = new String[ws.size()];
      for (int i = 0; i < ws.size(); i++) {
        wn[i] = name + "_" + (i == 0 ? "W" : "b") + "_1:0";
        g.putDataset(wn[i], nested(ws.get(i).getValue()));
      }
      g.putAttribute("weight_names", wn);
    }
    writeTree(file, f);
  }

  /** Writes the HDF5 tree {@code root} to {@code file}, as WeightsFile writes (root group, then the superblock). */
  static void writeTree(Path file, WritableGroupImpl root) throws IOException {
    try (FileChannel fc = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Superblock.SuperblockV2V3 superblock = new Superblock.SuperblockV2V3();
      HdfFileChannel channel = new HdfFileChannel(fc, superblock);
      root.write(channel, 64);
      channel.write(superblock.toBuffer(fc.size()), 0);
    }
  }

  /** Keras 3's .weights.h5 layout: layers/<object path>/vars/<i>, the layer name in vars' `name`. */
  static Object nested(FloatNdArray a) {
    switch (a.rank()) {
      case 1: return StdArrays.array1dCopyOf(a);
      case 2: return StdArrays.array2dCopyOf(a);
      case 4: return StdArrays.array4dCopyOf(a);
      default: throw new IllegalArgumentException("rank " + a.rank());
    }
  }

  static void assertSameWeights(Model a, Model b) {
    List<FloatNdArray> wa = a.getWeights();
    List<FloatNdArray> wb = b.getWeights();
    assertEquals(wa.size(), wb.size());
    for (int i = 0; i < wa.size(); i++) {
      assertArrayEquals(flat(wa.get(i)), flat(wb.get(i)), "weight " + i);
    }
  }

  @Test
  void legacyAndKeras3LayoutsLoadByLayerName(@TempDir Path tmp) throws IOException {
    Path legacy = tmp.resolve("legacy.h5");
    Path keras3 = tmp.resolve("m.weights.h5");
    try (Model source = small(4)) {
      writeLegacy(legacy, source, null, null);
      WeightsFile.save(source, keras3);   // Keras 3 layout, as model.save_weights writes it
      try (HdfFile f = new HdfFile(legacy)) {
        assertEquals(List.of("block1_conv1", "fc"), new ArrayList<>(LegacyH5Weights.index(f, legacy).keySet()));
      }
      for (Path file : List.of(legacy, keras3)) {
        try (Model target = small(4)) {
          WeightLoading.load(target, file);
          assertSameWeights(source, target);
        }
      }
    }
  }

  @Test
  void layersNamedOtherwiseLoadByOrderAsKerasDoes(@TempDir Path tmp) throws IOException {
    // Keras 3's load_weights of a legacy .h5 pairs the k-th layer with weights with the k-th saved
    // one: a file from a model whose layers got other auto names (dense_7) loads.
    Path renamed = tmp.resolve("renamed.h5");
    try (Model source = small(4)) {
      writeLegacy(renamed, source, "block1_conv1", "conv_a");
      try (Model target = small(4)) {
        WeightLoading.load(target, renamed);
        assertSameWeights(source, target);
      }
    }
  }

  @Test
  void anotherArchitectureIsRefusedWholeNamingFileAndLayers(@TempDir Path tmp) throws IOException {
    Path renamedWider = tmp.resolve("renamed_wider.h5");
    Path wider = tmp.resolve("wider.h5");
    Path deeper = tmp.resolve("deeper.h5");
    try (Model other = small(8)) {
      writeLegacy(renamedWider, other, "block1_conv1", "conv_a");
      writeLegacy(wider, other, null, null);
    }
    KerasTensor in = Input.of(8, 8, 3);
    KerasTensor x = new Conv2D(4, 3, 3).padding("same").name("block1_conv1").apply(in);
    x = new Conv2D(4, 3, 3).padding("same").name("block1_conv2").apply(x);
    x = new Flatten().name("flatten").apply(x);
    try (Model other = new Model(in, new Dense(2).name("fc").apply(x))) {
      writeLegacy(deeper, other, null, null);
    }
    try (Model target = small(4)) {
      List<FloatNdArray> before = target.getWeights();
      var e = assertThrows(IllegalArgumentException.class, () -> WeightLoading.load(target, renamedWider));
      String m = e.getMessage();
      assertTrue(m.contains(renamedWider.toString()) && m.contains("block1_conv1") && m.contains("conv_a")
          && m.contains("(3, 3, 3, 4)") && m.contains("(3, 3, 3, 8)") && m.contains("Nothing was loaded"), m);
      e = assertThrows(IllegalArgumentException.class, () -> WeightLoading.load(target, wider));
      m = e.getMessage();
      assertTrue(m.contains(wider.toString()) && m.contains("block1_conv1") && m.contains("(3, 3, 3, 4)") && m.contains("(3, 3, 3, 8)"), m);
      e = assertThrows(IllegalArgumentException.class, () -> WeightLoading.load(target, deeper));
      m = e.getMessage();
      assertTrue(m.contains(deeper.toString()) && m.contains("Layer count mismatch") && m.contains("expected 2")
          && m.contains("found 3") && m.contains("block1_conv2"), m);
      // fc's weights fitted, but nothing was set: the model keeps every value it had.
      List<FloatNdArray> after = target.getWeights();
      for (int i = 0; i < before.size(); i++) {
        assertArrayEquals(flat(before.get(i)), flat(after.get(i)));
      }
    }
  }

  @Test
  void truncatedOrForeignFilesAreErrorsNamingTheFile(@TempDir Path tmp) throws IOException {
    Path good = tmp.resolve("good.h5");
    try (Model source = small(4)) {
      writeLegacy(good, source, null, null);
    }
    byte[] bytes = Files.readAllBytes(good);
    Path cut = tmp.resolve("cut.h5");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path text = tmp.resolve("text.h5");
    Files.writeString(text, "this is not HDF5");
    for (Path bad : List.of(cut, text)) {
      try (Model target = small(4)) {
        var e = assertThrows(IOException.class, () -> WeightLoading.load(target, bad));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
      }
    }
    try (Model target = small(4)) {
      var e = assertThrows(java.io.FileNotFoundException.class, () -> WeightLoading.load(target, tmp.resolve("none.h5")));
      assertTrue(e.getMessage().contains("none.h5"), e.getMessage());
    }
  }
}
