package org.jkeras.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark mains share: where the shared test data is. */
final class Bench {
  private Bench() {}

  /** {@code ../shared} beside the repository, or $JKERAS_SHARED. */
  static Path shared() {
    String env = System.getenv("JKERAS_SHARED");
    Path p = env != null ? Path.of(env) : Path.of("..", "shared");
    if (!Files.isDirectory(p.resolve("data").resolve("pets"))) {
      throw new IllegalStateException("Benchmark data not found at " + p.toAbsolutePath() + "/data/pets (set JKERAS_SHARED)");
    }
    return p;
  }
}
