package org.jkeras.applications;

import org.jkeras.layers.Conv2D;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.layers.KerasTensor;
import org.jkeras.layers.MaxPooling2D;

/**
 * VGG16's and VGG19's layer graph (Keras's {@code vgg16.py}, {@code vgg19.py}): 3x3 'same' ReLU
 * convolutions {@code blockB_convC} in five blocks of 64, 128, 256, 512, 512 filters, each ending
 * in a 2x2 max pooling {@code blockB_pool}; the top is Flatten, {@code fc1}, {@code fc2} (4096,
 * ReLU) and {@code predictions}. Input 224x224 by default, at least 32x32.
 */
final class VggNetwork {
  private static final int[] FILTERS = {64, 128, 256, 512, 512};

  private VggNetwork() {}

  /** @param convs the number of convolutions of each block: VGG16 {2, 2, 3, 3, 3}, VGG19 {2, 2, 4, 4, 4} */
  static Application.Graph build(int[] convs, ApplicationArgs args, KerasFile top, KerasFile noTop) {
    KerasTensor img = args.input(224, 32);
    KerasTensor x = img;
    for (int b = 0; b < FILTERS.length; b++) {
      for (int c = 1; c <= convs[b]; c++) {
        x = new Conv2D(FILTERS[b], 3, 3).activation("relu").padding("same").name("block" + (b + 1) + "_conv" + c).apply(x);
      }
      x = new MaxPooling2D(2, 2).strides(2, 2).name("block" + (b + 1) + "_pool").apply(x);
    }
    if (args.includeTop) {
      x = new Flatten().name("flatten").apply(x);
      x = new Dense(4096).activation("relu").name("fc1").apply(x);
      x = new Dense(4096).activation("relu").name("fc2").apply(x);
      x = args.classifier(x, null);
    } else {
      x = args.pool(x, null, null);
    }
    return new Application.Graph(args, args.modelInput(img), x, top, noTop);
  }
}
