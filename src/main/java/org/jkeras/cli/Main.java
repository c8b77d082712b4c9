package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar target/jkeras.jar COMMAND ...}: the seed's examples from the command line.
 * Exit status 0 on success, 1 when the work failed, 2 for a wrong command line.
 */
public final class Main {
  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    add(new SummaryCommand());
    add(new TrainCommand());
    add(new EvaluateCommand());
    add(new PredictCommand());
    add(new CompareCommand());
    add(new AugmentCommand());
    add(new InspectCommand());
  }

  private Main() {}

  private static void add(Command c) {
    COMMANDS.put(c.name(), c);
  }

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** Runs a command line; returns the exit status (for tests: no System.exit). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
      out.print(mainHelp());
      return argv.length == 0 ? 2 : 0;
    }
    Command c = COMMANDS.get(argv[0]);
    if (c == null) {
      err.println("jkeras: error: unknown command '" + argv[0] + "' (commands: " + String.join(", ", COMMANDS.keySet())
          + "; see 'jkeras --help')");
      return 2;
    }
    String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
    try {
      Args args = new Args(c.options(), rest);
      if (args.help()) {
        out.print(Args.usage(c.synopsis(), c.description(), c.options()));
        return 0;
      }
      return c.run(args, out, err);
    } catch (UsageException e) {
      err.println("jkeras " + c.name() + ": error: " + e.getMessage() + " (see 'jkeras " + c.name() + " --help')");
      return 2;
    } catch (Exception e) {
      err.println("jkeras " + c.name() + ": error: " + message(e));
      if (System.getenv("JKERAS_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    if (e instanceof NoSuchFileException) {
      return ((NoSuchFileException) e).getFile() + ": no such file or folder";
    }
    return m == null ? e.toString() : m;
  }

  static String mainHelp() {
    StringBuilder sb = new StringBuilder(
        "usage: java -jar target/jkeras.jar COMMAND [options]\n\n"
            + "jkeras: Keras on TensorFlow Java. The seed article's examples from the command line.\n\ncommands:\n");
    for (Command c : COMMANDS.values()) {
      sb.append(String.format("  %-12s %s%n", c.name(), c.summary()));
    }
    sb.append("\nRun 'java -jar target/jkeras.jar COMMAND --help' for a command's options.\n");
    return sb.toString();
  }
}
