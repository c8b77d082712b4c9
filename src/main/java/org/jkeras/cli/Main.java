package org.jkeras.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.jkeras.backend.NativeLogging;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar target/jkeras.jar COMMAND ...}: the seed's examples from the command line, on
 * picocli. Exit status 0 on success, 1 when the work failed, 2 for a wrong command line; every
 * error is one line, "jkeras COMMAND: error: ...". Options are converted and checked while the
 * line is parsed ({@link OptionTypes}), before any work starts.
 *
 * <p>{@link #main} shows TensorFlow's native log only from warnings up unless {@code --verbose} or
 * {@code JKERAS_LOG_LEVEL} asks for more: it runs the command in a child JVM started with TF's log
 * level set and reads that JVM's standard error (see {@link QuietLaunch}); help, version, completion
 * and usage errors need no TensorFlow and are answered at once.
 */
@Command(name = "jkeras", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, versionProvider = Version.class,
    sortOptions = false, synopsisHeading = "usage: ", descriptionHeading = "%n", parameterListHeading = "%narguments:%n",
    optionListHeading = "%noptions:%n", commandListHeading = "%ncommands:%n",
    customSynopsis = "java -jar target/jkeras.jar COMMAND [options]",
    description = "jkeras: Keras on TensorFlow Java. The seed article's examples from the command line.",
    footer = {"", "Run 'java -jar target/jkeras.jar COMMAND --help' for a command's options.",
        "Shell completion (bash, zsh): alias jkeras='java -jar target/jkeras.jar'",
        "  then: source <(jkeras generate-completion)"},
    subcommands = {SummaryCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
        CompareCommand.class, AugmentCommand.class, InspectCommand.class, LaunchCommand.class,
        AutoComplete.GenerateCompletion.class})
public final class Main implements Callable<Integer> {
  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "show TensorFlow's native log (INFO and up);"
      + " JKERAS_LOG_LEVEL=0..3 sets it as TF_CPP_MIN_LOG_LEVEL does (default 1: warnings and up)")
  boolean verbose;

  @Spec
  CommandSpec spec;

  /** Where the commands print (picocli's own help and errors go there too). */
  final PrintStream out;
  final PrintStream err;

  private Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] argv) {
    if (QuietLaunch.isChild()) {
      QuietLaunch.exitWithParent();
    }
    System.exit(execute(argv, System.out, System.err, !QuietLaunch.isChild()));
  }

  /** Runs a command line in this JVM; returns the exit status (for tests: no System.exit). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    return execute(argv, out, err, false);
  }

  private static int execute(String[] argv, PrintStream out, PrintStream err, boolean quiet) {
    Main main = new Main(out, err);
    CommandLine cl = new CommandLine(main);
    // picocli's completion script generator, listed (it is hidden by default) and worded as the other commands.
    cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false)
        .description("print a bash/zsh completion script for jkeras (see below)");
    PrintWriter outWriter = new PrintWriter(out, true);
    cl.setOut(outWriter);
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, args) -> usageError(e.getCommandLine(), message(e, args), err));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> e instanceof UsageException
        ? usageError(cmd, e.getMessage(), err) : failure(cmd, e, err));
    cl.setExecutionStrategy(quiet ? main.quietly(argv) : new RunLast());
    int status = cl.execute(argv);
    outWriter.flush();
    return status;
  }

  /** With no command: the help, and status 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 2;
  }

  /** Help and version here; a jkeras command in a child JVM unless this one already logs at the level asked. */
  private IExecutionStrategy quietly(String[] argv) {
    return parsed -> {
      Integer help = CommandLine.executeHelpRequest(parsed);
      if (help != null) {
        return help;
      }
      ParseResult last = parsed;
      while (last.hasSubcommand()) {
        last = last.subcommand();
      }
      int level;
      try {
        level = NativeLogging.level(verbose, System.getenv());
      } catch (IllegalArgumentException e) {
        return usageError(last.commandSpec().commandLine(), e.getMessage(), err);
      }
      // The launcher needs no TensorFlow: its workers are child JVMs that set their log level themselves.
      Object command = last.commandSpec().userObject();
      boolean needsTensorFlow = last != parsed && !(command instanceof AutoComplete.GenerateCompletion)
          && !(command instanceof LaunchCommand);
      if (!needsTensorFlow || NativeLogging.inEffect(level, System.getenv())) {
        return new RunLast().execute(parsed);
      }
      try {
        return QuietLaunch.run(argv, level, err);
      } catch (Exception e) {
        return failure(last.commandSpec().commandLine(), e, err);
      }
    };
  }

  private static int usageError(CommandLine cmd, String message, PrintStream err) {
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": error: " + message + " (see '" + name + " --help')");
    return 2;
  }

  private static int failure(CommandLine cmd, Exception e, PrintStream err) {
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + message(e));
    if (System.getenv("JKERAS_DEBUG") != null) {
      e.printStackTrace(err);
    }
    return 1;
  }

  private static String message(Throwable e) {
    if (e instanceof NoSuchFileException) {
      return ((NoSuchFileException) e).getFile() + ": no such file or folder";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /** picocli's parse errors in jkeras's words: the option or argument and the value received. */
  private static String message(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    if (e instanceof CommandLine.MissingParameterException) {
      for (ArgSpec a : ((CommandLine.MissingParameterException) e).getMissing()) {
        if (a instanceof OptionSpec o) {
          String found = valueAfter(o, args);
          if (o.required() && found == null && !mentioned(o, args)) {
            return "missing required option " + o.longestName();
          }
          return "option " + o.longestName() + " needs a value (" + o.paramLabel() + ")"
              + (found == null ? "" : ", received the option '" + found + "'");
        }
        String candidates = a.completionCandidates() == null ? "" : " (one of: " + String.join(", ", a.completionCandidates()) + ")";
        return a.arity().min() > 1 ? "expected " + a.arity().min() + " " + a.paramLabel() + " arguments" + candidates
            : "missing " + a.paramLabel() + candidates;
      }
    }
    if (e instanceof UnmatchedArgumentException u) {
      String arg = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
      if (cmd.getParent() == null && !arg.startsWith("-")) {
        return "unknown command '" + arg + "' (commands: " + String.join(", ", cmd.getSubcommands().keySet()) + ")";
      }
      String suggestion = u.getSuggestions().isEmpty() ? "" : " (did you mean " + u.getSuggestions().get(0) + "?)";
      return (arg.startsWith("-") ? "unknown option '" : "unexpected argument '") + arg + "'" + suggestion;
    }
    if (e.getCause() instanceof TypeConversionException && e.getArgSpec() != null) {
      ArgSpec a = e.getArgSpec();
      String what = a instanceof OptionSpec o ? "argument " + o.longestName() + ": " : "";
      return what + e.getCause().getMessage();
    }
    return e.getMessage();
  }

  /** The word after option {@code o} in {@code args} when that word is an option (the value picocli refused). */
  private static String valueAfter(OptionSpec o, String[] args) {
    for (int i = 0; i < args.length; i++) {
      for (String name : o.names()) {
        if (args[i].startsWith(name + "=")) {
          return args[i].substring(name.length() + 1);
        }
        if (args[i].equals(name) && i + 1 < args.length) {
          return args[i + 1];
        }
      }
    }
    return null;
  }

  private static boolean mentioned(OptionSpec o, String[] args) {
    for (String a : args) {
      for (String name : o.names()) {
        if (a.equals(name) || a.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }
}
