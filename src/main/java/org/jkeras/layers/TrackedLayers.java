package org.jkeras.layers;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layers a layer holds, found as Keras finds them: Keras tracks every layer assigned to an
 * attribute ({@code self.dense = Dense(4)}, or a list or dict of layers); here, every instance
 * field of a {@link Layer} subclass that holds a layer, a collection, map or array of layers, in
 * declaration order (subclass fields after those of the classes it extends). Their weights count
 * as the holder's, and freezing the holder freezes them.
 */
final class TrackedLayers {
  private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
    @Override
    protected List<Field> computeValue(Class<?> type) {
      List<Field> out = new ArrayList<>();
      List<Class<?>> chain = new ArrayList<>();
      for (Class<?> c = type; c != null && c != Layer.class; c = c.getSuperclass()) {
        chain.add(0, c);
      }
      for (Class<?> c : chain) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive() || !mayHoldLayers(f.getType())) {
            continue;
          }
          try {
            f.setAccessible(true);
            out.add(f);
          } catch (InaccessibleObjectException e) {
            // a class in a module that does not open this package to jkeras: its fields stay unseen
          }
        }
      }
      return List.copyOf(out);
    }
  };

  private TrackedLayers() {}

  private static boolean mayHoldLayers(Class<?> t) {
    return Layer.class.isAssignableFrom(t) || Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)
        || (t.isArray() && !t.getComponentType().isPrimitive()) || t == Object.class;
  }

  /** The layers held by {@code holder}'s fields, each once, in field order. */
  static List<Layer> of(Layer holder) {
    List<Field> fields = FIELDS.get(holder.getClass());
    if (fields.isEmpty()) {
      return List.of();
    }
    Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Layer> out = new ArrayList<>();
    for (Field f : fields) {
      try {
        collect(f.get(holder), holder, seen, out);
      } catch (IllegalAccessException e) {
        // setAccessible succeeded above, so this does not happen
      }
    }
    return out;
  }

  private static void collect(Object value, Layer holder, Set<Layer> seen, List<Layer> out) {
    if (value instanceof Layer l) {
      if (l != holder && seen.add(l)) {
        out.add(l);
      }
    } else if (value instanceof Collection<?> c) {
      for (Object o : c) {
        collect(o, holder, seen, out);
      }
    } else if (value instanceof Map<?, ?> m) {
      for (Object o : m.values()) {
        collect(o, holder, seen, out);
      }
    } else if (value instanceof Object[] a) {
      for (Object o : a) {
        collect(o, holder, seen, out);
      }
    }
  }
}
