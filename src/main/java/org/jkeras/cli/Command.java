package org.jkeras.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code java -jar jkeras.jar}. */
public interface Command {
  String name();

  /** One line for the main help. */
  String summary();

  String synopsis();

  String description();

  List<Args.Option> options();

  /** Runs the command; returns the exit status. Throw {@link UsageException} for a wrong command line. */
  int run(Args args, PrintStream out, PrintStream err) throws Exception;
}
