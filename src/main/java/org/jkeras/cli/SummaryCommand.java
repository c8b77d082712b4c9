package org.jkeras.cli;

import java.io.PrintStream;
import java.util.List;
import org.jkeras.models.Model;

/** {@code summary MODEL [--input-shape H,W,C]}: Keras's {@code model.summary()} table. */
final class SummaryCommand implements Command {
  static final List<Args.Option> OPTIONS = List.of(
      new Args.Option("--input-shape", "H,W,C", "input shape (default 224,224,3, as the seed)"),
      new Args.Option("--model", "FILE", "summarise a saved model instead: a .keras or .h5 file, or a folder written by"
          + " 'jkeras train'"),
      TransferOptions.FREEZE_BASE);

  @Override
  public String name() {
    return "summary";
  }

  @Override
  public String summary() {
    return "print a model's summary table (layers, output shapes, parameter counts)";
  }

  @Override
  public String synopsis() {
    return "jkeras summary MODEL [--input-shape H,W,C] [--freeze-base] | jkeras summary --model FILE";
  }

  @Override
  public String description() {
    return "Prints model.summary() for MODEL (" + ModelCatalog.names() + "), or for the model saved in FILE (--model).";
  }

  @Override
  public List<Args.Option> options() {
    return OPTIONS;
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    if (args.has("--model")) {
      if (!args.positionals().isEmpty() || args.has("--input-shape")) {
        throw new UsageException("--model takes the place of MODEL and --input-shape");
      }
      try (Model model = ModelSource.open(args.path("--model", null), false, "--model")) {
        out.print(model.summaryString());
      }
      return 0;
    }
    String name = ModelCatalog.modelName(args);
    int[] shape = args.ints("--input-shape", new int[] {224, 224, 3}, 3);
    try (Model model = ModelCatalog.create(name, shape, args)) {
      out.print(model.summaryString());
    }
    return 0;
  }
}
