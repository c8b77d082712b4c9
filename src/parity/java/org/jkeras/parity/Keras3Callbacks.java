package org.jkeras.parity;

import static org.jkeras.Kwargs.batchSize;
import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.shuffle;
import static org.jkeras.Kwargs.verbose;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jkeras.callbacks.BackupAndRestore;
import org.jkeras.callbacks.Callback;
import org.jkeras.callbacks.History;
import org.jkeras.callbacks.LambdaCallback;
import org.jkeras.callbacks.LearningRateScheduler;
import org.jkeras.callbacks.ModelCheckpoint;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.Adam;
import org.jkeras.optimizers.Optimizer;
import org.jkeras.optimizers.SGD;
import org.jkeras.utils.Npy;
import org.tensorflow.ndarray.FloatNdArray;

/**
 * Java side of cases/keras3_callbacks.py. {@code args[1]}: {@code main} (the LearningRateScheduler
 * fit, an interrupted and resumed fit with BackupAndRestore, a resume from Keras's backup, the
 * progress lines, ModelCheckpoint's file names).
 */
public final class Keras3Callbacks {
  static final int EPOCHS = 5;
  static final int INTERRUPT_AT = 3;

  static Sequential model(Path work, Optimizer o) throws Exception {
    Sequential m = new Sequential(new Dense(4).activation("relu").inputShape(3), new Dense(1));
    m.setWeights(ParityIO.weights(work, "w"));
    m.compile(o, "mean_squared_error");
    return m;
  }

  static Callback interrupt() {
    return new LambdaCallback().onEpochBegin((e, logs) -> {
      if (e == INTERRUPT_AT) {
        throw new IllegalStateException("Interrupting!");
      }
    });
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    FloatNdArray x = Npy.read(work.resolve("x.npy"));
    FloatNdArray y = Npy.read(work.resolve("y.npy"));
    Map<String, Object> out = new LinkedHashMap<>();

    // LearningRateScheduler: halve the rate from the second epoch; verbose messages on the model's output.
    try (Sequential m = model(work, new SGD(0.1))) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      m.trainer().setOutput(new PrintStream(text, true, StandardCharsets.UTF_8));
      History h = m.fit(x, y, epochs(3), batchSize(8), shuffle(false), verbose(0),
          callbacks(new LearningRateScheduler((epoch, lr) -> epoch < 1 ? lr : lr * 0.5, 1)));
      out.put("lrs_history", h.history());
      out.put("lrs_text", text.toString(StandardCharsets.UTF_8));
      ParityIO.saveWeights(m, work, "java_lrs");
    }

    // BackupAndRestore: interrupted at epoch 3, then resumed from the backup by a fresh model.
    Path backup = work.resolve("java_backup");
    try (Sequential m = model(work, new Adam(0.05))) {
      try {
        m.fit(x, y, epochs(EPOCHS), batchSize(8), shuffle(false), verbose(0),
            callbacks(new BackupAndRestore(backup), interrupt()));
        throw new AssertionError("not interrupted");
      } catch (IllegalStateException expected) {
        // as the Keras side
      }
    }
    out.put("java_metadata", Files.readString(backup.resolve("training_metadata.json")));
    copy(backup, work.resolve("java_backup_for_keras"));
    try (Sequential m = model(work, new Adam(0.05))) {
      History h = m.fit(x, y, epochs(EPOCHS), batchSize(8), shuffle(false), verbose(0), callbacks(new BackupAndRestore(backup)));
      out.put("java_resumed_epochs", h.epoch());
      out.put("java_resumed_iterations", m.optimizer().iterations());
      ParityIO.saveWeights(m, work, "java_resumed");
    }
    out.put("java_backup_deleted", !Files.exists(backup.resolve("latest.weights.h5")));

    // Resuming from the backup Keras left when it was interrupted.
    try (Sequential m = model(work, new Adam(0.05))) {
      History h = m.fit(x, y, epochs(EPOCHS), batchSize(8), shuffle(false), verbose(0),
          callbacks(new BackupAndRestore(work.resolve("keras_backup_for_java"))));
      out.put("from_keras_epochs", h.epoch());
      ParityIO.saveWeights(m, work, "java_from_keras");
    }

    // The progress lines of verbose=2.
    try (Sequential m = model(work, new SGD(0.1))) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      m.trainer().setOutput(new PrintStream(text, true, StandardCharsets.UTF_8));
      m.fit(x, y, epochs(2), batchSize(8), shuffle(false), verbose(2));
      m.fit(x, y, epochs(1), batchSize(10), shuffle(false), verbose(2));
      out.put("progbar", text.toString(StandardCharsets.UTF_8));
    }

    // ModelCheckpoint(save_weights_only=True) with Keras's file-name template.
    Path ckpt = Files.createDirectories(work.resolve("java_ckpt"));
    try (Sequential m = model(work, new SGD(0.1))) {
      ByteArrayOutputStream text = new ByteArrayOutputStream();
      m.trainer().setOutput(new PrintStream(text, true, StandardCharsets.UTF_8));
      m.fit(x, y, epochs(3), batchSize(8), shuffle(false), verbose(0), callbacks(
          new ModelCheckpoint(ckpt.resolve("w-{epoch:02d}-{loss:.2f}.weights.h5").toString()).monitor("loss")
              .saveWeightsOnly(true).saveBestOnly(true).verbose(1)));
      out.put("checkpoint_text", text.toString(StandardCharsets.UTF_8).replace(ckpt.toString() + "/", ""));
      ParityIO.saveWeights(m, work, "java_ckpt_final");
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(ckpt)) {
      s.map(p -> p.getFileName().toString()).sorted().forEach(names::add);
    }
    out.put("checkpoint_files", names);
    Parity.result(work, out);
  }

  private static void copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
