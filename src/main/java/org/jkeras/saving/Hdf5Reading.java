package org.jkeras.saving;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.links.ExternalLink;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reading Keras's HDF5 weight files with jhdf (pure Java): opening, walking to a node, string
 * attributes. A weight file is data from anywhere, so every step is bounded: paths are walked one
 * hard link at a time (soft and external links are refused, as Keras 3's own loader does, so no
 * lookup loops and no other file is opened), and whatever jhdf throws on a damaged file becomes
 * one IOException naming the file.
 */
final class Hdf5Reading {
  private Hdf5Reading() {}

  /** Opens {@code file}; a missing file or one that is not HDF5 is an IOException naming it. */
  static HdfFile open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException("No weight file at " + file.toAbsolutePath() + ".");
    }
    try {
      return new HdfFile(file);
    } catch (RuntimeException | StackOverflowError e) {
      throw unreadable(file, e);
    }
  }

  /**
   * What jhdf threw, as one line naming the file. A StackOverflowError is caught too, as a last
   * resort: the loaders never follow links, but a damaged file can still hold a B-tree or heap
   * that points back at itself, and jhdf reads those recursively.
   */
  static IOException unreadable(Path file, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = e instanceof StackOverflowError ? "its structure nests without end"
        : describe(e) + (root == e ? "" : " (" + describe(root) + ")");
    return new IOException(oneLine(file.toAbsolutePath() + " is not a readable HDF5 weight file (truncated or damaged?): "
        + why), e);
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The first six of {@code items} joined by "; ", then "and N more": an error message stays readable. */
  static String listed(List<String> items) {
    return String.join("; ", items.subList(0, Math.min(6, items.size())))
        + (items.size() > 6 ? "; and " + (items.size() - 6) + " more" : "");
  }

  /**
   * {@code s} with its control characters escaped ({@code \n} as the two characters
   * <code>\n</code>): names in a weight file are the file's to choose, and an error message
   * stays one line whatever they hold.
   */
  static String oneLine(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * The node at {@code path} below {@code from} ("a/b/c"), reached through hard links only; null
   * when a part is missing or is a dataset. jhdf resolves a soft link by looking its target up
   * again, so a link to itself recurses until the stack overflows; an external link opens
   * another file. Keras 3 refuses both ("Not allowed: H5 file with SoftLink"); so does this.
   */
  static Node node(Group from, String path, Path file) throws IOException {
    Node at = from;
    for (String part : path.split("/", -1)) {
      if (part.isEmpty()) {
        throw new IOException(oneLine(file.toAbsolutePath() + ": invalid path `" + path
            + "` in the file (an empty part)."));
      }
      if (!(at instanceof Group g)) {
        return null;
      }
      at = g.getChild(part);
      if (at == null) {
        return null;
      }
      if (at.isLink()) {
        Link link = (Link) at; // its target is never resolved: getTargetPath only reads the stored text
        throw new IOException(oneLine(file.toAbsolutePath() + ": " + link.getPath() + " is "
            + (link instanceof ExternalLink ? "an external link" : "a soft link") + " (to " + link.getTargetPath()
            + "): jkeras follows no link in a weight file (Keras 3 refuses them too). Nothing was loaded."));
      }
    }
    return at;
  }

  /** The group at {@code path} below {@code g}, or null (also when that node is a dataset). */
  static Group group(Group g, String path, Path file) throws IOException {
    Node n = node(g, path, file);
    return n instanceof Group ? (Group) n : null;
  }

  /**
   * A string-array attribute as Keras's {@code load_attributes_from_hdf5_group} reads it: whole, or
   * split into {@code name0}, {@code name1}... when it was too large for one attribute. Null when
   * absent; empty for an empty attribute. jhdf holds an attribute's bytes in its object header, so
   * its size is bounded by the file's.
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
    if (d != null && d.getClass().isArray() && Array.getLength(d) == 0) {
      return List.of();
    }
    throw new IOException(oneLine(file.toAbsolutePath() + ": attribute `" + a.getName() + "` of " + a.getNode().getPath()
        + " holds " + (d == null ? "nothing" : d.getClass().getSimpleName()) + ", expected strings."));
  }

  /** True when {@code node} has the attribute {@code name}, whole or split ({@code name0}...). */
  static boolean hasAttribute(Node node, String name) {
    return node.getAttribute(name) != null || node.getAttribute(name + "0") != null;
  }
}
