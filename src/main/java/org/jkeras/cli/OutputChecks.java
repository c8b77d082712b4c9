package org.jkeras.cli;

import java.nio.file.Path;
import org.jkeras.utils.OutputTarget;

/** A command's output path checked before any work starts: a refused path is a usage error (exit 2). */
final class OutputChecks {
  private OutputChecks() {}

  static Path check(OutputTarget target, Path path, boolean overwrite, String option) {
    try {
      return target.check(path, overwrite, option);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage().endsWith(".") ? e.getMessage().substring(0, e.getMessage().length() - 1)
          : e.getMessage());
    }
  }
}
