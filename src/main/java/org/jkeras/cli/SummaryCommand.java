package org.jkeras.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jkeras.models.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code summary MODEL [--input-shape H,W,C]} or {@code summary --model FILE}: Keras's {@code model.summary()} table. */
@Command(name = "summary", customSynopsis = {"jkeras summary MODEL [--input-shape H,W,C] [--freeze-base]",
        "       jkeras summary --model FILE"},
    description = {"print a model's summary table (layers, output shapes, parameter counts)",
        "", "Prints model.summary() for MODEL, or for the model saved in FILE (--model)."})
final class SummaryCommand implements Callable<Integer> {
  @ParentCommand
  private Main jkeras;

  @Parameters(paramLabel = "MODEL", arity = "0..1", converter = ModelCatalog.Name.class,
      completionCandidates = ModelCatalog.Names.class, description = "one of: ${COMPLETION-CANDIDATES}")
  private String model;

  @Option(names = "--input-shape", paramLabel = "H,W,C", converter = OptionTypes.ShapeConverter.class,
      description = "input shape (default 224,224,3, as the seed)")
  private OptionTypes.Shape inputShape;

  @Option(names = "--model", paramLabel = "FILE", description = "summarise a saved model instead: a .keras or .h5 file,"
      + " or a folder written by 'jkeras train'")
  private Path modelFile;

  @Option(names = "--freeze-base", description = "vgg16-transfer: freeze the VGG16 base (base.trainable = False)")
  private boolean freezeBase;

  @Override
  public Integer call() throws Exception {
    if (modelFile != null) {
      if (model != null || inputShape != null || freezeBase) {
        throw new UsageException("--model takes the place of MODEL, --input-shape and --freeze-base");
      }
      try (Model m = ModelSource.open(modelFile, false, "--model")) {
        jkeras.out.print(m.summaryString());
      }
      return 0;
    }
    if (model == null) {
      throw new UsageException("missing MODEL (one of: " + ModelCatalog.names() + ") or --model FILE");
    }
    int[] shape = inputShape != null ? inputShape.dims() : new int[] {224, 224, 3};
    try (Model m = ModelCatalog.create(model, shape, TrainingOptions.DEFAULT_L2, TransferOptions.withoutWeights(freezeBase))) {
      jkeras.out.print(m.summaryString());
    }
    return 0;
  }
}
