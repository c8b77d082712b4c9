package org.jkeras.applications;

import java.util.Map;
import java.util.function.Function;
import org.jkeras.layers.Layer;
import org.jkeras.saving.LayerDeserializers;

/** The applications' layer classes for {@code Serialization.deserialize} (a Java service provider). */
public final class ApplicationDeserializers implements LayerDeserializers {
  @Override
  public Map<String, Function<Map<String, Object>, Layer>> deserializers() {
    return Map.of("PreprocessInput", PreprocessInput::fromConfig);
  }

  /** jkeras's own class (Keras records {@code preprocess_input} as ops): Python loads it only as a custom object. */
  @Override
  public String module(String className) {
    return "org.jkeras.applications";
  }

  @Override
  public String registeredName(String className) {
    return className;
  }
}
