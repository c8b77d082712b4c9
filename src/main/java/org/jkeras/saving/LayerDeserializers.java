package org.jkeras.saving;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jkeras.layers.Layer;

/**
 * A provider of layer classes for {@link Serialization#deserialize}, found with Java's {@link
 * java.util.ServiceLoader} ({@code META-INF/services/org.jkeras.saving.LayerDeserializers}): how
 * packages above {@code saving} (models, applications) make their classes loadable from a config
 * without {@code saving} depending on them.
 */
public interface LayerDeserializers {
  /** Keras class name ({@code "Sequential"}, {@code "Functional"}...) to the class's {@code fromConfig}. */
  Map<String, Function<Map<String, Object>, Layer>> deserializers();

  /**
   * The {@code module} Keras finds the class in, written beside it in a {@code .keras} file
   * ({@code keras} for {@code Sequential}); {@code keras.layers} unless a provider says otherwise.
   */
  default String module(String className) {
    return "keras.layers";
  }

  /** The {@code registered_name} written beside the class: null for Keras's public classes. */
  default String registeredName(String className) {
    return null;
  }

  /** The classes whose configs carry code to run (as Keras's {@code Lambda}): refused in safe mode. */
  default Set<String> unsafe() {
    return Set.of();
  }
}
