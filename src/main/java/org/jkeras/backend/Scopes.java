package org.jkeras.backend;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * Exact op names with slashes ({@code conv2d/kernel}). TF-Java refuses '/' in {@code withName} and
 * makes every new sub-scope unique ({@code conv2d}, {@code conv2d_1}...), so each scope prefix is
 * opened once and kept.
 */
public final class Scopes {
  private final Ops root;
  private final Map<String, Ops> scopes = new HashMap<>();

  public Scopes(Ops root) {
    this.root = root;
  }

  /** Ops that name the next op exactly {@code path}. */
  public Ops named(String path) {
    int cut = path.lastIndexOf('/');
    if (cut < 0) {
      return root.withName(path);
    }
    return scope(path.substring(0, cut)).withName(path.substring(cut + 1));
  }

  private Ops scope(String prefix) {
    Ops s = scopes.get(prefix);
    if (s == null) {
      int cut = prefix.lastIndexOf('/');
      s = cut < 0 ? root.withSubScope(prefix) : scope(prefix.substring(0, cut)).withSubScope(prefix.substring(cut + 1));
      scopes.put(prefix, s);
    }
    return s;
  }
}
