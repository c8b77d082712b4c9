package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.models.Model;
import org.jkeras.utils.Progbar;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

/** {@code evaluate --model DIR --data DIR}: Keras's {@code model.evaluate} on an image folder. */
final class EvaluateCommand implements Command {
  static final List<Args.Option> OPTIONS = List.of(
      new Args.Option("--model", "FILE", "a .keras or .h5 model file (Keras's or jkeras's), or a folder written by 'jkeras"
          + " train' (required)"),
      new Args.Option("--data", "DIR", "image folder, one sub-folder per class (required)"),
      new Args.Option("--batch-size", "N", "batch size (default 32)"),
      new Args.Option("--trust-model", null, "accept a model whose graph reads or writes files (a SavedModel is a program)"));

  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "print a saved model's loss and accuracy on an image folder";
  }

  @Override
  public String synopsis() {
    return "jkeras evaluate --model FILE --data DIR [--batch-size N] [--trust-model]";
  }

  @Override
  public String description() {
    return "Loads a model (a .keras or .h5 file, or a folder written by 'jkeras train') and evaluates it on the images of DIR (resized to the model's input size)."
        + " The model is rebuilt from its config and checkpoint, none of its graph runs; a model whose graph reaches outside"
        + " itself (files, folders, processes) has been tampered with and is refused unless --trust-model is given.";
  }

  @Override
  public List<Args.Option> options() {
    return OPTIONS;
  }

  @Override
  public int run(Args args, PrintStream out, PrintStream err) throws Exception {
    if (!args.positionals().isEmpty()) {
      throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
    }
    Path modelDir = required(args, "--model");
    Path data = required(args, "--data");
    int batch = args.positiveInt("--batch-size", 32);
    try (Model model = ModelSource.open(modelDir, args.flag("--trust-model"), "--model")) {
      if (!model.trainer().compiled()) {
        model.compile("adam", "binary_crossentropy", "accuracy");
      }
      int[] image = ModelSource.imageShape(model, modelDir);
      try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(data, imageSize(image[0], image[1]),
          batchSize(batch), shuffle(false), labelMode(ModelSource.labelMode(model)))) {
        List<String> saved = ModelSource.classNames(modelDir);
        if (saved != null && !saved.equals(ds.classNames())) {
          err.println("WARNING: the model was trained on classes " + saved + " but " + data + " has " + ds.classNames());
        }
        model.trainer().setOutput(out);
        Map<String, Double> result = model.evaluate(ds, verbose(Progbar.interactive() ? 1 : 0));
        for (Map.Entry<String, Double> e : result.entrySet()) {
          out.println(e.getKey() + ": " + Progbar.formatValue(e.getValue()));
        }
      }
    }
    return 0;
  }

  static Path required(Args args, String name) {
    if (!args.has(name)) {
      throw new UsageException("missing required option " + name);
    }
    return args.path(name, null);
  }
}
