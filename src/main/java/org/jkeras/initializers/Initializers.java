package org.jkeras.initializers;

import java.util.Locale;

/** {@code keras.initializers.get}: an initializer from its Keras name. */
public final class Initializers {
  private Initializers() {}

  public static Initializer get(String identifier) {
    if (identifier == null) {
      throw new IllegalArgumentException("Could not interpret initializer identifier: null");
    }
    switch (identifier.toLowerCase(Locale.ROOT)) {
      case "glorot_uniform": case "glorotuniform": return new GlorotUniform();
      case "glorot_normal": case "glorotnormal": return new GlorotNormal();
      case "he_normal": case "henormal": return new HeNormal();
      case "he_uniform": case "heuniform": return new HeUniform();
      case "lecun_normal": case "lecunnormal": return new LecunNormal();
      case "lecun_uniform": case "lecununiform": return new LecunUniform();
      case "zeros": case "zero": return new Zeros();
      case "ones": case "one": return new Ones();
      case "random_normal": case "randomnormal": return new RandomNormal();
      case "random_uniform": case "randomuniform": return new RandomUniform();
      default:
        throw new IllegalArgumentException(
            "Could not interpret initializer identifier: " + identifier
                + ". Expected one of glorot_uniform, glorot_normal, he_normal, he_uniform, lecun_normal,"
                + " lecun_uniform, zeros, ones, random_normal, random_uniform.");
    }
  }
}
