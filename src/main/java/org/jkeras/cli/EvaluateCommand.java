package org.jkeras.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.models.Model;
import org.jkeras.utils.Progbar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

/** {@code evaluate --model FILE --data DIR}: Keras's {@code model.evaluate} on an image folder. */
@Command(name = "evaluate", customSynopsis = "jkeras evaluate --model FILE --data DIR [--batch-size N] [--trust-model]",
    description = {"print a saved model's loss and accuracy on an image folder",
        "", "Loads a model (a .keras or .h5 file, or a folder written by 'jkeras train') and evaluates it on the images of"
        + " DIR (resized to the model's input size)."
        + " The model is rebuilt from its config and checkpoint, none of its graph runs; a model whose graph reaches outside"
        + " itself (files, folders, processes) has been tampered with and is refused unless --trust-model is given."})
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand
  private Main jkeras;

  @Option(names = "--model", paramLabel = "FILE", required = true, description = "a .keras or .h5 model file (Keras's or"
      + " jkeras's), or a folder written by 'jkeras train' (required)")
  private Path modelDir;

  @Option(names = "--data", paramLabel = "DIR", required = true, description = "image folder, one sub-folder per class (required)")
  private Path data;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", converter = OptionTypes.PositiveInt.class,
      description = "batch size (default 32)")
  private int batch;

  @Option(names = "--trust-model", description = "accept a model whose graph reads or writes files (a SavedModel is a program)")
  private boolean trustModel;

  @Override
  public Integer call() throws Exception {
    PrintStream out = jkeras.out;
    PrintStream err = jkeras.err;
    try (Model model = ModelSource.open(modelDir, trustModel, "--model")) {
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
}
