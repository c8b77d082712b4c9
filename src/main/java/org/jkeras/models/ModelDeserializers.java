package org.jkeras.models;

import java.util.Map;
import java.util.function.Function;
import org.jkeras.layers.Layer;
import org.jkeras.saving.LayerDeserializers;

/**
 * Keras's model classes for {@code Serialization.deserialize}, so a model nests in a config (a Java
 * service provider), with the modules Keras 3.15 writes for them: {@code Sequential} is public in
 * {@code keras}; {@code Functional} is not, so Keras writes its module path and registered name.
 */
public final class ModelDeserializers implements LayerDeserializers {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> deserializers() {
    return Map.of("Sequential", Sequential::fromConfig, "Functional", Model::fromConfig);
  }

  @Override
  public String module(String className) {
    return className.equals("Sequential") ? "keras" : "keras.src.models.functional";
  }

  @Override
  public String registeredName(String className) {
    return className.equals("Functional") ? "Functional" : null;
  }
}
