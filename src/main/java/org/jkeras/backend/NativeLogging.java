package org.jkeras.backend;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How much of TensorFlow's native logging a process shows, on TF's own scale: 0 everything, 1 no
 * INFO, 2 no WARNING, 3 no ERROR. The default is {@link #DEFAULT_LEVEL}: warnings and above, so
 * the oneDNN and cpu_feature_guard notices (INFO) are not shown.
 *
 * <p>TF's native runtime logs through two systems, and a JVM reaches neither from Java:
 * <ul>
 *   <li>TF's own logging (lines such as {@code 2026-11-30 13:08:54.404082: I tensorflow/...}) reads
 *       {@value #TF_VARIABLE} from the process environment once, when the native library loads and
 *       logs its first line (the oneDNN notice is logged while the library loads). Java cannot set
 *       an environment variable of its own process (no {@code setenv}; JavaCPP calls only functions
 *       it generated bindings for, and TF-Java's bindings load TF itself), so the variable has to be
 *       in the environment the JVM starts with.</li>
 *   <li>Abseil's logging, used directly by TF's MLIR passes ({@code I0000 00:00:... 
 *       mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled}, preceded by
 *       absl's notice {@code WARNING: All log messages before absl::InitializeLog() is called are
 *       written to STDERR}): {@value #TF_VARIABLE} does not reach it, and the copy of absl inside
 *       {@code libtensorflow_cc} exports neither {@code SetMinLogLevel} nor {@code InitializeLog}. Until
 *       initialised, absl writes every line to the process's standard error, where only the reader of
 *       that stream can drop them ({@link #shows}).</li>
 * </ul>
 * So an entry point that wants quiet output starts the JVM that runs TF with {@link #environment}
 * and reads its standard error through {@link #copyShown} (the CLI does both, see
 * {@code org.jkeras.cli.QuietLaunch}). Notebook cells show only what Java prints (a kernel's native
 * standard error goes to the Jupyter server's log, not to the cell); the kernel's environment can
 * carry {@value #TF_VARIABLE} for that log.
 */
public final class NativeLogging {
  /** jkeras's setting, as TF's scale (0 to 3); the CLI's {@code --verbose} means 0. */
  public static final String LEVEL_VARIABLE = "JKERAS_LOG_LEVEL";
  /** TensorFlow's own setting, read by its native logging when the library loads. */
  public static final String TF_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
  /** Warnings and above. */
  public static final int DEFAULT_LEVEL = 1;

  /** absl's line prefix: severity, MMDD, time, thread, file:line] (before absl is initialised: 0000 00:00:SECONDS_SINCE_1970). */
  private static final Pattern ABSL_LINE = Pattern.compile("^[IWEF]\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ [^ \\]]+:\\d+\\] .*");
  private static final String ABSL_PRE_INIT = "WARNING: All log messages before absl::InitializeLog() is called";

  private NativeLogging() {}

  /**
   * The level asked for: 0 when {@code verbose}, else {@value #LEVEL_VARIABLE}, else an explicit
   * {@value #TF_VARIABLE}, else {@link #DEFAULT_LEVEL}.
   *
   * @throws IllegalArgumentException when {@value #LEVEL_VARIABLE} is not 0, 1, 2 or 3
   */
  public static int level(boolean verbose, Map<String, String> env) {
    if (verbose) {
      return 0;
    }
    String v = env.get(LEVEL_VARIABLE);
    if (v != null) {
      Integer level = parse(v);
      if (level == null) {
        throw new IllegalArgumentException(LEVEL_VARIABLE + ": expected 0 (all of TensorFlow's native log), 1 (no INFO),"
            + " 2 (no WARNING) or 3 (no ERROR), received '" + v + "'");
      }
      return level;
    }
    Integer tf = parse(env.getOrDefault(TF_VARIABLE, ""));
    return tf != null ? tf : DEFAULT_LEVEL;
  }

  /**
   * Whether a process with environment {@code env} already logs at {@code level} without help:
   * TF's variable says so (TF's default is 0) and no absl line needs dropping (level 0).
   */
  public static boolean inEffect(int level, Map<String, String> env) {
    Integer tf = parse(env.getOrDefault(TF_VARIABLE, "0"));
    return level == 0 && (tf == null || tf == 0);
  }

  /** The environment variables that make TF's own logging (not absl's) log at {@code level}. */
  public static Map<String, String> environment(int level) {
    return Map.of(TF_VARIABLE, Integer.toString(level));
  }

  /**
   * Whether a line of native standard error is shown at {@code level}: absl's lines by their
   * severity letter, absl's pre-initialisation notice only when everything is; any other line is.
   */
  public static boolean shows(String line, int level) {
    if (line.startsWith(ABSL_PRE_INIT)) {
      return level == 0;
    }
    if (ABSL_LINE.matcher(line).matches()) {
      return "IWEF".indexOf(line.charAt(0)) >= level;
    }
    return true;
  }

  /**
   * Copies {@code in} to {@code out} line by line, bytes unchanged, without the lines {@link #shows}
   * drops at {@code level}; flushes each line; returns at the end of {@code in}.
   */
  public static void copyShown(InputStream stream, OutputStream out, int level) throws IOException {
    InputStream in = new BufferedInputStream(stream);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      line.write(b);
      if (b == '\n') {
        writeIfShown(line, out, level);
      }
    }
    writeIfShown(line, out, level);
  }

  private static void writeIfShown(ByteArrayOutputStream line, OutputStream out, int level) throws IOException {
    if (line.size() > 0 && shows(line.toString(StandardCharsets.UTF_8).stripTrailing(), level)) {
      line.writeTo(out);
      out.flush();
    }
    line.reset();
  }

  private static Integer parse(String v) {
    String s = v.trim();
    return s.length() == 1 && s.charAt(0) >= '0' && s.charAt(0) <= '3' ? s.charAt(0) - '0' : null;
  }
}
