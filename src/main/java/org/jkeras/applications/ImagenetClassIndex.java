package org.jkeras.applications;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jkeras.backend.Shapes;
import org.jkeras.utils.Json;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * Keras's {@code decode_predictions}: the ImageNet class of each of the 1000 scores, from Keras's
 * own {@code imagenet_class_index.json} ({@code {"0": ["n01440764", "tench"], ...}}), looked for
 * where Keras caches it ({@code models/}, {@code $KERAS_HOME/models}, {@code ~/.keras/models});
 * never downloaded. The file is checked for its content (1000 classes, each an id and a name)
 * rather than its md5, so that a copy from any source, or a test's, is usable when complete.
 */
final class ImagenetClassIndex {
  static final String FILE = "imagenet_class_index.json";
  static final String URL = "https://storage.googleapis.com/download.tensorflow.org/data/" + FILE;
  private static final int CLASSES = 1000;

  private ImagenetClassIndex() {}

  static List<List<DecodedPrediction>> decode(FloatNdArray preds, int top, List<Path> dirs) throws IOException {
    long[] shape = preds.shape().asArray();
    if (shape.length != 2 || shape[1] != CLASSES) {
      throw new IllegalArgumentException("`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape"
          + " (samples, 1000)). Received array with shape: " + Shapes.format(preds.shape()));
    }
    if (top < 1) {
      throw new IllegalArgumentException("`top` must be at least 1. Received: top=" + top);
    }
    String[][] index = load(find(dirs));
    float[] v = new float[(int) preds.size()];
    preds.copyTo(DataBuffers.of(v, false, false));
    List<List<DecodedPrediction>> out = new ArrayList<>();
    for (int s = 0; s < shape[0]; s++) {
      int base = s * CLASSES;
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < CLASSES; i++) {
        order.add(i);
      }
      // numpy's argsort()[-top:][::-1] and a stable sort by score: the highest scores, ties by the higher index.
      order.sort(Comparator.<Integer>comparingDouble(i -> -v[base + i]).thenComparing(i -> -i));
      List<DecodedPrediction> row = new ArrayList<>();
      for (int i : order.subList(0, Math.min(top, CLASSES))) {
        row.add(new DecodedPrediction(index[i][0], index[i][1], v[base + i]));
      }
      out.add(row);
    }
    return out;
  }

  static Path find(List<Path> dirs) throws FileNotFoundException {
    List<Path> looked = new ArrayList<>();
    for (Path dir : dirs) {
      Path p = dir.resolve(FILE);
      looked.add(p.toAbsolutePath());
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new FileNotFoundException("decode_predictions needs Keras's ImageNet class index " + FILE + ", and jkeras downloads"
        + " nothing at run time. Looked for it at: " + looked + ". On a machine with internet, get it with `curl -LO " + URL
        + "` (or call keras.applications.imagenet_utils.decode_predictions once in Python, which caches it in"
        + " ~/.keras/models/), then copy it to " + looked.get(0) + ".");
  }

  @SuppressWarnings("unchecked")
  static String[][] load(Path file) throws IOException {
    Object parsed;
    try {
      parsed = Json.read(file);
    } catch (RuntimeException e) {
      throw new IOException(file.toAbsolutePath() + " is not Keras's ImageNet class index: " + e.getMessage(), e);
    }
    String[][] index = new String[CLASSES][];
    if (parsed instanceof Map<?, ?> m) {
      for (int i = 0; i < CLASSES; i++) {
        if (m.get(String.valueOf(i)) instanceof List<?> entry && entry.size() == 2 && entry.get(0) instanceof String id
            && entry.get(1) instanceof String name) {
          index[i] = new String[] {id, name};
        } else {
          throw new IOException(file.toAbsolutePath() + " is not Keras's ImageNet class index: entry \"" + i
              + "\" should be [class id, class name], found " + m.get(String.valueOf(i)) + " (a truncated or other file;"
              + " download it again from " + URL + ").");
        }
      }
      return index;
    }
    throw new IOException(file.toAbsolutePath() + " is not Keras's ImageNet class index: expected a JSON object"
        + " {\"0\": [\"n01440764\", \"tench\"], ...}.");
  }
}
