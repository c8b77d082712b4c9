package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/** Reading Keras's HDF5 weight files with jhdf (pure Java): opening, string attributes, float datasets. */
final class Hdf5Reading {
  private Hdf5Reading() {}

  /** Opens {@code file}; a missing file or one that is not HDF5 is an IOException naming it. */
  static HdfFile open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.io.FileNotFoundException("No weight file at " + file.toAbsolutePath() + ".");
    }
    try {
      return new HdfFile(file);
    } catch (RuntimeException e) {
      throw unreadable(file, e);
    }
  }

  static IOException unreadable(Path file, RuntimeException e) {
    return new IOException(file + " is not a readable HDF5 file (truncated or damaged?): " + e.getMessage(), e);
  }

  /**
   * A string-array attribute as Keras's {@code load_attributes_from_hdf5_group} reads it: whole, or
   * split into {@code name0}, {@code name1}... when it was too large for one attribute. Null when
   * absent; empty for an empty attribute.
   */
  static List<String> strings(Node node, String name, Path file) throws IOException {
    Attribute a = node.getAttribute(name);
    if (a != null) {
      return stringsOf(a, file);
    }
    if (node.getAttribute(name + "0") == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; node.getAttribute(name + i) != null; i++) {
      out.addAll(stringsOf(node.getAttribute(name + i), file));
    }
    return out;
  }

  private static List<String> stringsOf(Attribute a, Path file) throws IOException {
    if (a.isEmpty() || a.getSize() == 0) {
      return List.of();
    }
    Object d = a.getData();
    if (d instanceof String s) {
      return List.of(s);
    }
    if (d instanceof String[] arr) {
      return Arrays.asList(arr);
    }
    if (d != null && d.getClass().isArray() && java.lang.reflect.Array.getLength(d) == 0) {
      return List.of();
    }
    throw new IOException(file + ": attribute `" + a.getName() + "` of " + a.getNode().getPath()
        + " holds " + (d == null ? "nothing" : d.getClass().getSimpleName()) + ", expected strings");
  }

  /** A float32 (or float64) dataset as a FloatNdArray of its shape. */
  static FloatNdArray floats(Dataset d, Path file) throws IOException {
    Object flat = d.getDataFlat();
    long[] dims = d.getDimensionsAsLong();
    float[] values;
    if (flat instanceof float[] f) {
      values = f;
    } else if (flat instanceof double[] dd) {
      values = new float[dd.length];
      for (int i = 0; i < dd.length; i++) {
        values[i] = (float) dd[i];
      }
    } else {
      throw new IOException(file + ": dataset " + d.getPath() + " holds " + d.getJavaType()
          + " values, expected float32");
    }
    return NdArrays.wrap(Shape.of(dims), DataBuffers.of(values, false, false));
  }

  /** True when {@code node} has the attribute {@code name}, whole or split ({@code name0}...). */
  static boolean hasAttribute(Node node, String name) {
    return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
  }

  /** The child group {@code name} of {@code g}, or null. */
  static Group group(Group g, String name) {
    Node n = g.getChild(name);
    return n instanceof Group ? (Group) n : null;
  }
}
