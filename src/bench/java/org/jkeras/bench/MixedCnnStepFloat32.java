package org.jkeras.bench;

/** {@link MixedCnnStep} in float32 (reported as {@code "jkeras float32"}): what mixed precision gains in jkeras. */
public final class MixedCnnStepFloat32 {
  public static void main(String[] args) {
    MixedCnnStep.run(args, "float32", "jkeras float32");
  }
}
