package org.jkeras.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jkeras.backend.NativeLogging;

/**
 * Runs the command line again in a child JVM whose environment sets TensorFlow's native log level
 * before TF loads, and copies the child's standard error without absl's lines below that level
 * ({@link NativeLogging} says why both are needed and why Java cannot do it in its own process).
 * Standard input and output are the child's own; the exit status is the child's. The price is one
 * more JVM and picocli start (measured: about 0.4 s of CPU, 0.3 to 0.5 s of wall time on two cores);
 * the JVM options are passed on, except a debugger's agent (whose port the child could not open again).
 */
final class QuietLaunch {
  /** Set on the child's command line: it runs the command itself. */
  private static final String CHILD = "jkeras.cli.child";

  private QuietLaunch() {}

  static boolean isChild() {
    return Boolean.getBoolean(CHILD);
  }

  /**
   * In the child: stops when the parent JVM is gone, whatever killed it ({@code kill -9} runs no
   * shutdown hook, so the parent cannot stop the child itself). Exiting runs the child's own hooks;
   * a save it was doing is finished or undone by the next save or load, as after any crash.
   */
  static void exitWithParent() {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(143)));
  }

  /**
   * The command line of a child JVM running {@code argv} itself: this JVM's java and options (but a
   * debugger's agent), class path, and the property that makes it a child (it stops with its parent).
   */
  static List<String> childCommand(List<String> argv) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-D" + CHILD + "=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(argv);
    return cmd;
  }

  static int run(String[] argv, int level, PrintStream err) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(childCommand(List.of(argv))).redirectInput(Redirect.INHERIT).redirectOutput(Redirect.INHERIT);
    pb.environment().putAll(NativeLogging.environment(level));
    Process child = pb.start();
    Thread stop = new Thread(child::destroy); // this JVM stopped (Ctrl-C, kill): the child stops too
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      NativeLogging.copyShown(child.getErrorStream(), err, level);
      return child.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or about to: nothing to remove
      }
    }
  }
}
