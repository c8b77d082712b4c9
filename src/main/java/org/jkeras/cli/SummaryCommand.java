package org.jkeras.cli;

import java.util.concurrent.Callable;
import org.jkeras.models.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code summary MODEL [--input-shape H,W,C]}: Keras's {@code model.summary()} table. */
@Command(name = "summary", customSynopsis = "jkeras summary MODEL [--input-shape H,W,C] [--freeze-base]",
    description = {"print a model's summary table (layers, output shapes, parameter counts)",
        "", "Prints model.summary() for MODEL."})
final class SummaryCommand implements Callable<Integer> {
  @ParentCommand
  private Main jkeras;

  @Parameters(paramLabel = "MODEL", converter = ModelCatalog.Name.class, completionCandidates = ModelCatalog.Names.class,
      description = "one of: ${COMPLETION-CANDIDATES}")
  private String model;

  @Option(names = "--input-shape", paramLabel = "H,W,C", defaultValue = "224,224,3", converter = OptionTypes.ShapeConverter.class,
      description = "input shape (default 224,224,3, as the seed)")
  private OptionTypes.Shape inputShape;

  @Option(names = "--freeze-base", description = "vgg16-transfer: freeze the VGG16 base (base.trainable = False)")
  private boolean freezeBase;

  @Override
  public Integer call() throws Exception {
    try (Model m = ModelCatalog.create(model, inputShape.dims(), TrainingOptions.DEFAULT_L2, TransferOptions.withoutWeights(freezeBase))) {
      jkeras.out.print(m.summaryString());
    }
    return 0;
  }
}
