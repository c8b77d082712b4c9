package org.jkeras.models;

import java.util.Map;
import java.util.function.Function;
import org.jkeras.layers.Layer;
import org.jkeras.saving.LayerDeserializers;

/** Keras's model classes for {@code Serialization.deserialize}, so a model nests in a config (a Java service provider). */
public final class ModelDeserializers implements LayerDeserializers {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> deserializers() {
    return Map.of("Sequential", Sequential::fromConfig, "Functional", Model::fromConfig);
  }
}
