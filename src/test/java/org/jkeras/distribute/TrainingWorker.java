package org.jkeras.distribute;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.validationData;
import static org.jkeras.Kwargs.verbose;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jkeras.callbacks.BackupAndRestore;
import org.jkeras.callbacks.Callback;
import org.jkeras.callbacks.History;
import org.jkeras.layers.BatchNormalization;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.random.Seeds;
import org.jkeras.utils.Json;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;

/**
 * One worker of the multi-worker tests, in its own JVM: {@code TF_CONFIG} from the environment (none:
 * one process), a tiny model trained on fixed data with a fixed seed, then its weights (as float
 * bits), its history and its role written as JSON to the file given.
 *
 * <p>Arguments: {@code OUT MODEL EPOCHS [perturb] [noshuffle]}; MODEL is {@code dense} (Dense 8 relu,
 * Dense 1 sigmoid), {@code bn} (with BatchNormalization between) or {@code wide} (Dense 2048 relu,
 * Dense 640 relu, Dense 1 sigmoid: a 5.2 MB kernel, whose gradient is summed in parts); {@code perturb} gives the
 * workers other than the chief other initial weights (the chief's must win); {@code noshuffle}
 * trains on the batches in order (a resumed run then repeats an uninterrupted one exactly). Each
 * training batch prints {@code step EPOCH BATCH}; with {@code EXIT_AFTER_STEP="EPOCH BATCH"} in its
 * environment the worker halts there (as a killed process: no hook runs); {@code STARTUP_TIMEOUT_S}
 * sets how long it waits for the others to start; {@code BACKUP_DIR} adds a {@code BackupAndRestore}
 * backing up there. The result also lists the epochs this run trained ({@code epochs_run}). With
 * {@code LINGER_MS} the worker stays that long after writing its result (other work after {@code
 * fit}, such as the chief saving the model) and prints {@code lingered MILLIS} (the wall clock) as
 * its last act before its exit.
 */
public final class TrainingWorker {
  static final int SAMPLES = 48;
  static final int GLOBAL_BATCH = 12;

  private TrainingWorker() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    String kind = args[1];
    int epochsN = Integer.parseInt(args[2]);
    MultiWorkerMirroredStrategy strategy = MultiWorkerMirroredStrategy.fromEnvironment()
        .startupTimeout(Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("STARTUP_TIMEOUT_S", "120"))));
    Seeds.setRandomSeed(7);
    FloatNdArray x = NdArrays.ofFloats(Shape.of(SAMPLES, 4));
    FloatNdArray y = NdArrays.ofFloats(Shape.of(SAMPLES, 1));
    Random r = new Random(3);
    for (int i = 0; i < SAMPLES; i++) {
      float s = 0;
      for (int j = 0; j < 4; j++) {
        float v = (float) r.nextGaussian();
        x.setFloat(v, i, j);
        s += v * (j + 1);
      }
      y.setFloat(s > 0 ? 1f : 0f, i, 0);
    }
    Sequential model;
    try (var scope = strategy.scope()) {
      model = switch (kind) {
        case "bn" -> new Sequential(new Dense(8).activation("relu").inputShape(4), new BatchNormalization(),
            new Dense(1).activation("sigmoid"));
        case "wide" -> new Sequential(new Dense(2048).activation("relu").inputShape(4), new Dense(640).activation("relu"),
            new Dense(1).activation("sigmoid"));
        default -> new Sequential(new Dense(8).activation("relu").inputShape(4), new Dense(1).activation("sigmoid"));
      };
      model.compile("adam", "binary_crossentropy", "accuracy");
    }
    List<String> flags = List.of(args).subList(3, args.length);
    if (flags.contains("perturb") && !strategy.isChief()) {
      List<FloatNdArray> other = new ArrayList<>();
      for (FloatNdArray w : model.getWeights()) {
        FloatNdArray o = NdArrays.ofFloats(w.shape());
        o.scalars().forEach(v -> v.setFloat((float) r.nextGaussian()));
        other.add(o);
      }
      model.setWeights(other); // the chief's weights must win
    }
    List<Integer> epochsRun = new ArrayList<>();
    Callback progress = new Callback() {
      int epoch;

      @Override
      public void onEpochBegin(int e, Map<String, Double> logs) {
        epoch = e;
        epochsRun.add(e);
      }

      @Override
      public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        System.out.println("step " + epoch + " " + batch);
        System.out.flush();
        if ((epoch + " " + batch).equals(System.getenv("EXIT_AFTER_STEP"))) {
          Runtime.getRuntime().halt(3); // dies as a killed process does: no hook, no goodbye
        }
      }
    };
    List<Callback> cbs = new ArrayList<>(List.of(progress));
    if (System.getenv("BACKUP_DIR") != null) {
      cbs.add(new BackupAndRestore(System.getenv("BACKUP_DIR")));
    }
    History h = model.fit(x, y, epochs(epochsN), batchSize(GLOBAL_BATCH), shuffle(!flags.contains("noshuffle")),
        validationData(x, y), verbose(0), callbacks(cbs));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("rank", strategy.clusterConfig().rank());
    result.put("chief", strategy.isChief());
    List<List<Integer>> bits = new ArrayList<>();
    for (FloatNdArray w : model.getWeights()) {
      List<Integer> b = new ArrayList<>();
      w.scalars().forEach(v -> b.add(Float.floatToRawIntBits(v.getFloat())));
      bits.add(b);
    }
    result.put("weights", bits);
    result.put("history", h.history());
    result.put("epochs_run", epochsRun);
    Files.writeString(out, Json.write(result));
    model.close();
    String linger = System.getenv("LINGER_MS");
    if (linger != null) {
      Thread.sleep(Long.parseLong(linger));
      System.out.println("lingered " + System.currentTimeMillis());
      System.out.flush();
    }
  }
}
