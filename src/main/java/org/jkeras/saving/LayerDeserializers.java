package org.jkeras.saving;

import java.util.Map;
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
}
