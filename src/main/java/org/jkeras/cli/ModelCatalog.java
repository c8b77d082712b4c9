package org.jkeras.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Model;

/**
 * The models the CLI builds by name: {@code cnn} is the seed's 4.2 CNN, {@code cnn-l2} its 4.3
 * L2-regularised twin, {@code vgg16-transfer} its 4.4 VGG16 transfer model.
 */
final class ModelCatalog {
  interface Factory {
    Model create(int[] inputShape, Args args) throws Exception;
  }

  private static final Map<String, Factory> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("cnn", (shape, args) -> SeedModels.createModel(shape[0], shape[1], shape[2]));
    // Section 4.3: kernel_regularizer=l2(0.001) on the three Conv2D layers (--l2 F changes the factor).
    MODELS.put("cnn-l2", (shape, args) -> SeedModels.createL2Model(shape[0], shape[1], shape[2], TrainingOptions.l2(args)));
    MODELS.put(TransferOptions.MODEL, TransferOptions::create);
  }

  private ModelCatalog() {}

  static Model create(String name, int[] inputShape, Args args) throws Exception {
    Factory f = MODELS.get(name);
    if (f == null) {
      throw new UsageException("unknown model '" + name + "' (models: " + String.join(", ", MODELS.keySet()) + ")");
    }
    TransferOptions.rejectForOtherModels(name, args);
    return f.create(inputShape, args);
  }

  static String names() {
    return String.join(", ", MODELS.keySet());
  }

  /** The model name: the single positional argument. */
  static String modelName(Args args) {
    if (args.positionals().size() != 1) {
      throw new UsageException(args.positionals().isEmpty()
          ? "missing the model name (one of: " + names() + ")"
          : "expected one model name, received " + args.positionals());
    }
    return args.positionals().get(0);
  }
}
