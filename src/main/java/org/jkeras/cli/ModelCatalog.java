package org.jkeras.cli;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jkeras.examples.SeedModels;
import org.jkeras.models.Model;
import picocli.CommandLine.ITypeConverter;

/**
 * The models the CLI builds by name: {@code cnn} is the seed's 4.2 CNN, {@code cnn-l2} its 4.3
 * L2-regularised twin, {@code vgg16-transfer} its 4.4 VGG16 transfer model.
 */
final class ModelCatalog {
  interface Factory {
    Model create(int[] inputShape, double l2, TransferOptions transfer) throws Exception;
  }

  private static final Map<String, Factory> MODELS = new LinkedHashMap<>();

  static {
    MODELS.put("cnn", (shape, l2, transfer) -> SeedModels.createModel(shape[0], shape[1], shape[2]));
    // Section 4.3: kernel_regularizer=l2(0.001) on the three Conv2D layers (--l2 F changes the factor).
    MODELS.put("cnn-l2", (shape, l2, transfer) -> SeedModels.createL2Model(shape[0], shape[1], shape[2], l2));
    MODELS.put(TransferOptions.MODEL, (shape, l2, transfer) -> transfer.create(shape));
  }

  private ModelCatalog() {}

  /** Builds model {@code name} (a name {@link Name} accepted); options of another model are a usage error. */
  static Model create(String name, int[] inputShape, double l2, TransferOptions transfer) throws Exception {
    transfer.rejectForOtherModels(name);
    return MODELS.get(name).create(inputShape, l2, transfer);
  }

  static String names() {
    return String.join(", ", MODELS.keySet());
  }

  /** The model names, for the help and shell completion ({@code completionCandidates}). */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return MODELS.keySet().iterator();
    }
  }

  /** A MODEL argument: one of the names, checked while the command line is parsed. */
  static final class Name implements ITypeConverter<String> {
    @Override
    public String convert(String v) {
      return OptionTypes.oneOf(v, MODELS.keySet(), "model");
    }
  }
}
