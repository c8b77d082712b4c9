package org.jkeras.parity;

import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.shuffle;

import java.nio.file.Path;
import java.util.Map;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/** Java side of cases/image_pipeline.py: args after the work folder: image folder, size. Writes x.npy, y.npy. */
public final class ImagePipeline {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    int size = Integer.parseInt(args[2]);
    try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(Path.of(args[1]),
        imageSize(size, size), shuffle(false), labelMode("binary"))) {
      FloatNdArray x = NdArrays.ofFloats(Shape.of(ds.size(), size, size, 3));
      FloatNdArray y = NdArrays.ofFloats(Shape.of(ds.size(), 1));
      long row = 0;
      try (BatchIterator it = ds.iterator()) {
        while (it.hasNext()) {
          Batch b = it.next();
          for (int i = 0; i < b.size(); i++, row++) {
            b.x().get(i).copyTo(x.get(row));
            b.y().get(i).copyTo(y.get(row));
          }
        }
      }
      Parity.npy(work, "x.npy", x);
      Parity.npy(work, "y.npy", y);
      Parity.result(work, Map.of("images", row));
    }
  }
}
