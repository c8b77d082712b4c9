package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.classNames;
import static org.jkeras.Kwargs.cropToAspectRatio;
import static org.jkeras.Kwargs.imageSize;
import static org.jkeras.Kwargs.labelMode;
import static org.jkeras.Kwargs.labels;
import static org.jkeras.Kwargs.padToAspectRatio;
import static org.jkeras.Kwargs.seed;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.subset;
import static org.jkeras.Kwargs.validationSplit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.data.Batch;
import org.jkeras.data.BatchIterator;
import org.jkeras.data.ImageDatasetSplit;
import org.jkeras.data.ImageDatasets;
import org.jkeras.data.ImageFolderDataset;
import org.jkeras.kwargs.Args;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * Java side of cases/image_dataset_options.py. Args after the work folder: groups, each "--", a
 * name, the image folder, the number of epochs, then Keras's keyword arguments as key=value. Writes
 * NAME_xE.npy and NAME_yE.npy (E: the epoch; NAMEtrain and NAMEval for subset "both") and, in
 * result.json, each dataset's file paths.
 */
public final class ImageDatasetOptionsCase {
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Map<String, Object> result = new LinkedHashMap<>();
    for (int i = 1; i < args.length; ) {
      int end = i + 1;
      while (end < args.length && !args[end].equals("--")) {
        end++;
      }
      String name = args[i + 1];
      Path folder = Path.of(args[i + 2]);
      int epochs = Integer.parseInt(args[i + 3]);
      Args.DatasetArg[] kwargs = Arrays.stream(args, i + 4, end).map(ImageDatasetOptionsCase::kwarg)
          .toArray(Args.DatasetArg[]::new);
      if (Arrays.asList(args).subList(i + 4, end).contains("subset=both")) {
        try (ImageDatasetSplit both = ImageDatasets.imageDatasetsFromDirectory(folder, kwargs)) {
          result.put(name + "train", read(work, name + "train", both.training(), epochs));
          result.put(name + "val", read(work, name + "val", both.validation(), epochs));
        }
      } else {
        try (ImageFolderDataset ds = ImageDatasets.imageDatasetFromDirectory(folder, kwargs)) {
          result.put(name, read(work, name, ds, epochs));
        }
      }
      i = end;
    }
    Parity.result(work, result);
  }

  private static Args.DatasetArg kwarg(String pair) {
    String key = pair.substring(0, pair.indexOf('='));
    String v = pair.substring(pair.indexOf('=') + 1);
    switch (key) {
      case "image_size": {
        String[] hw = v.split(",");
        return imageSize(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
      }
      case "crop_to_aspect_ratio": return cropToAspectRatio(Boolean.parseBoolean(v.toLowerCase()));
      case "pad_to_aspect_ratio": return padToAspectRatio(Boolean.parseBoolean(v.toLowerCase()));
      case "shuffle": return shuffle(Boolean.parseBoolean(v.toLowerCase()));
      case "label_mode": return labelMode(v.equals("None") ? null : v);
      case "validation_split": return validationSplit(Double.parseDouble(v));
      case "subset": return subset(v);
      case "seed": return seed(Long.parseLong(v));
      case "batch_size": return batchSize(Integer.parseInt(v));
      case "labels": return labels(Arrays.stream(v.split(",")).map(Integer::valueOf).toList());
      case "class_names": return classNames(v.split(","));
      default: throw new IllegalArgumentException("unknown keyword " + key);
    }
  }

  /** Writes every epoch's images and labels; returns the file paths. */
  private static Map<String, Object> read(Path work, String name, ImageFolderDataset ds, int epochs) throws Exception {
    for (int e = 0; e < epochs; e++) {
      FloatNdArray x = NdArrays.ofFloats(Shape.of(ds.size()).append(ds.elementShape()));
      FloatNdArray y = ds.labelShape() == null ? null : NdArrays.ofFloats(Shape.of(ds.size()).append(ds.labelShape()));
      long row = 0;
      try (BatchIterator it = ds.iterator()) {
        while (it.hasNext()) {
          Batch b = it.next();
          for (int i = 0; i < b.size(); i++, row++) {
            b.x().get(i).copyTo(x.get(row));
            if (y != null) {
              b.y().get(i).copyTo(y.get(row));
            }
          }
        }
      }
      Parity.npy(work, name + "_x" + e + ".npy", x);
      if (y != null) {
        Parity.npy(work, name + "_y" + e + ".npy", y);
      }
    }
    List<String> paths = new ArrayList<>();
    ds.filePaths().forEach(p -> paths.add(p.toString()));
    return Map.of("paths", paths);
  }
}
