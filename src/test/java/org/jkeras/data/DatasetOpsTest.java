package org.jkeras.data;

import static org.jkeras.Kwargs.callbacks;
import static org.jkeras.Kwargs.epochs;
import static org.jkeras.Kwargs.stepsPerEpoch;
import static org.jkeras.Kwargs.verbose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jkeras.callbacks.History;
import org.jkeras.layers.Dense;
import org.jkeras.models.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The tf.data operations users chain on a Dataset (tf.data's exact shuffle order is checked by the parity suite). */
class DatasetOpsTest {

  /** Samples 0..n-1 in batches ({@link WorkerDataTest#numbered}: x = [i, -i], y = i), in order. */
  static ArrayDataset numbered(int n, int batch) {
    return WorkerDataTest.numbered(n, batch, false);
  }

  /** The sample numbers of one pass, flat. */
  static List<Integer> ids(Dataset d) {
    return WorkerDataTest.batches(d).stream().flatMap(List::stream).toList();
  }

  /** A dataset that counts its passes. */
  static final class Counting extends DatasetStage {
    final AtomicInteger passes = new AtomicInteger();

    Counting(Dataset source) {
      super(source);
    }

    @Override
    public long size() {
      return source.size();
    }

    @Override
    public BatchIterator iterator() {
      passes.incrementAndGet();
      return source.iterator();
    }
  }

  @Test
  void unbatchYieldsElementsAndBatchRegroupsThem() {
    Dataset elements = numbered(10, 4).unbatch();
    assertFalse(elements.isBatched());
    assertEquals(10, elements.cardinality());
    assertEquals(Shape.of(2), elements.elementShape());
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9)),
        WorkerDataTest.batches(elements.batch(3)));
    assertEquals(4, elements.batch(3).cardinality());
    assertEquals(3, elements.batch(3, true).cardinality());
    assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8)),
        WorkerDataTest.batches(elements.batch(3, true)), "drop_remainder");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbered(10, 4).batch(3));
    assertTrue(e.getMessage().contains("unbatch()"), e.getMessage());
  }

  @Test
  void takeSkipAndRepeatCountItemsAcrossPasses() {
    Dataset d = numbered(5, 2); // [0, 1], [2, 3], [4]
    assertEquals(List.of(List.of(2, 3), List.of(4)), WorkerDataTest.batches(d.skip(1)));
    assertEquals(List.of(List.of(0, 1)), WorkerDataTest.batches(d.take(1)));
    assertEquals(3, d.skip(1).size());
    Dataset twice = d.unbatch().repeat(2).skip(3).take(4);
    assertEquals(List.of(3, 4, 0, 1), ids(twice));
    assertEquals(4, twice.cardinality());
    Dataset forever = d.repeat();
    assertEquals(Dataset.INFINITE, forever.cardinality());
    assertEquals(Dataset.INFINITE, forever.size());
    assertEquals(List.of(0, 1, 2, 3, 4, 0, 1, 2, 3, 4), ids(forever.take(6)), "six batches: two passes");
    assertEquals(6, forever.take(6).cardinality());
  }

  @Test
  void shuffleKeepsItsBufferSemanticsAndReshufflesEachPass() {
    Dataset elements = numbered(30, 30).unbatch();
    ShuffledDataset s = elements.shuffle(30, 42L);
    List<Integer> first = ids(s);
    List<Integer> second = ids(s);
    assertEquals(30, new HashSet<>(first).size(), "every element once");
    assertNotEquals(first, second, "reshuffled each pass");
    assertEquals(first, ids(elements.shuffle(30, 42L)), "the same seed, the same first pass");
    ShuffledDataset fixed = elements.shuffle(30, 42L, false);
    assertEquals(ids(fixed), ids(fixed), "reshuffle_each_iteration=False: one order");
    assertEquals(ids(elements), ids(elements.shuffle(1, 3L)), "a buffer of one keeps the order");
    List<Integer> local = ids(elements.shuffle(4, 3L));
    for (int k = 0; k < local.size(); k++) {
      assertTrue(local.get(k) < k + 4, "element " + local.get(k) + " at " + k + ": only from the next 4 not taken");
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> elements.repeat().shuffle(4));
    assertTrue(e.getMessage().contains("shuffle(4).repeat()"), e.getMessage());
  }

  @Test
  void cacheInMemoryReadsTheSourceOnceAndOnlyAWholePassCounts() {
    Counting source = new Counting(numbered(7, 3));
    CachedDataset cached = source.cache();
    try (BatchIterator it = cached.iterator()) {
      it.next(); // stopped early: nothing kept
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ids(cached));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ids(cached));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ids(cached));
    assertEquals(2, source.passes.get(), "the early-stopped pass and the one that filled the cache");
  }

  @Test
  void cacheFileIsReadInsteadOfTheSourceAndNothingElseIsOverwritten(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("train.cache");
    try (BatchIterator it = numbered(7, 3).cache(file).iterator()) {
      it.next();
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "a pass stopped early leaves no file, not even a temporary one");
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ids(numbered(7, 3).cache(file)));
    assertTrue(Files.isRegularFile(file));
    Counting other = new Counting(numbered(7, 3).skip(0)); // same shapes, would read the source
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), ids(other.cache(file)));
    assertEquals(0, other.passes.get(), "read from the file, as tf.data reads an existing cache");
    try (MappedDataset wider = numbered(7, 3).map((tf, x) -> tf.concat(List.of(x, x), tf.constant(1)))) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ids(wider.cache(file)));
      assertTrue(e.getMessage().contains("not this dataset's"), "a cache of other shapes is refused: " + e.getMessage());
    }

    Path notOurs = tmp.resolve("notes.txt");
    Files.writeString(notOurs, "precious");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> numbered(7, 3).cache(notOurs));
    assertTrue(e.getMessage().contains("not a cache file jkeras wrote"), e.getMessage());
    assertEquals("precious", Files.readString(notOurs));
    assertThrows(IllegalArgumentException.class, () -> numbered(7, 3).cache(tmp), "a folder is not a cache file");
  }

  @Test
  void prefetchHandsOutTheSameBatchesAsTensors() {
    Dataset source = numbered(9, 2);
    Dataset ahead = source.prefetch(PrefetchedDataset.AUTOTUNE);
    try (BatchIterator it = ahead.iterator()) {
      Batch b = it.next();
      assertInstanceOf(TFloat32.class, b.x(), "fed to the training step as it is");
    }
    assertEquals(WorkerDataTest.batches(source), WorkerDataTest.batches(ahead));
    assertEquals(WorkerDataTest.batches(source), WorkerDataTest.batches(source.prefetch(0)));
  }

  @Test
  void mapOfAFunctionSeesOneElementOfAnUnbatchedDataset() {
    try (MappedDataset doubled = numbered(4, 2).unbatch().map((tf, x) -> tf.concat(List.of(x, x), tf.constant(0)))) {
      assertEquals(Shape.of(4), doubled.elementShape(), "(2,) twice along the element's own axis, not the batch's");
      List<float[]> rows = new ArrayList<>();
      try (BatchIterator it = doubled.iterator()) {
        while (it.hasNext()) {
          Batch b = it.next();
          rows.add(new float[] {b.x().getFloat(0, 0), b.x().getFloat(0, 1), b.x().getFloat(0, 2), b.x().getFloat(0, 3)});
        }
      }
      assertArrayEquals(new float[] {3, -3, 3, -3}, rows.get(3));
    }
  }

  @Test
  void fitRefusesElementsAndEndlessDataWithoutStepsPerEpoch() {
    Sequential model = new Sequential(new Dense(1));
    model.compile("sgd", "mse");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.fit(numbered(8, 4).unbatch(), verbose(0)));
    assertTrue(e.getMessage().contains("batch(n)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model.fit(numbered(8, 4).repeat(), verbose(0)));
    assertTrue(e.getMessage().contains("steps_per_epoch"), e.getMessage());
    History h = model.fit(numbered(8, 4).unbatch().shuffle(8, 1L).batch(4).repeat(), epochs(2), stepsPerEpoch(3),
        verbose(0));
    assertEquals(List.of(0, 1), h.epoch(), h.history().toString());
    assertThrows(IllegalArgumentException.class, () -> model.evaluate(numbered(8, 4).repeat(), verbose(0)));
  }
  /** A dataset that records the first sample number of every batch handed out. */
  static final class Recording extends DatasetStage {
    final List<Integer> firsts = new ArrayList<>();

    Recording(Dataset source) {
      super(source);
    }

    @Override
    public long size() {
      return source.size();
    }

    @Override
    public long cardinality() {
      return source.cardinality();
    }

    @Override
    public BatchIterator iterator() {
      BatchIterator it = source.iterator();
      return new BatchIterator() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Batch next() {
          Batch b = it.next();
          firsts.add(Math.round(b.y().getFloat(0, 0)));
          return b;
        }

        @Override
        public void close() {
          it.close();
        }
      };
    }
  }

  @Test
  void fitWithStepsPerEpochGoesOnWithOneIteratorAcrossEpochsAsKeras() {
    Sequential model = new Sequential(new Dense(1));
    model.compile("sgd", "mse");
    // Keras's EpochIterator: with steps_per_epoch the iterator outlives the epoch, so an endless
    // dataset's order continues (batches 0, 4, 0 | 4, 0, 4 | ...) rather than restarting each epoch.
    Recording endless = new Recording(numbered(8, 4).repeat());
    model.fit(endless, epochs(3), stepsPerEpoch(3), verbose(0));
    assertEquals(List.of(0, 4, 0, 4, 0, 4, 0, 4, 0), endless.firsts);
    // A finite one goes on too, ends an epoch early when it runs out, then starts a new pass.
    Recording finite = new Recording(numbered(12, 4));
    model.fit(finite, epochs(3), stepsPerEpoch(2), verbose(0));
    assertEquals(List.of(0, 4, 8, 0, 4), finite.firsts);
    // Without steps_per_epoch every epoch is a new pass.
    Recording passes = new Recording(numbered(8, 4));
    model.fit(passes, epochs(2), verbose(0));
    assertEquals(List.of(0, 4, 0, 4), passes.firsts);
  }

  @Test
  void theCallbacksStepsAreStepsPerEpochAsKerasNumBatches() {
    Sequential model = new Sequential(new Dense(1));
    model.compile("sgd", "mse");
    List<Object> steps = new ArrayList<>();
    org.jkeras.callbacks.Callback seen = new org.jkeras.callbacks.Callback() {
      @Override
      public void onTrainBegin(Map<String, Double> logs) {
        steps.add(params().get("steps"));
      }
    };
    // Keras's EpochIterator.num_batches: steps_per_epoch when given, even beyond a finite dataset's 2 batches.
    model.fit(numbered(8, 4), epochs(1), stepsPerEpoch(5), verbose(0), callbacks(seen));
    model.fit(numbered(8, 4), epochs(1), stepsPerEpoch(1), verbose(0), callbacks(seen));
    model.fit(numbered(8, 4), epochs(1), verbose(0), callbacks(seen));
    assertEquals(List.of(5L, 1L, 2L), steps);
  }
}
