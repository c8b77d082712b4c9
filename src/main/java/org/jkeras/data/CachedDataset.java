package org.jkeras.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * tf.data's {@code cache()} and {@code cache(filename)}: the first complete pass is kept (in memory,
 * or in the file, see {@link CacheFile}) and every later pass replays it instead of reading the
 * source again, so decoding, or a map placed before the cache, runs once. As in tf.data, a pass
 * stopped early keeps nothing, an existing cache file is read without touching the source (even in
 * a new process), and what was cached stays as it was: a shuffle or a random map before the cache
 * is frozen by it (put them after).
 */
public final class CachedDataset extends DatasetStage {
  /** The cache file, or null for memory. */
  private final Path file;
  private List<Batch> memory;

  CachedDataset(Dataset source, Path file) {
    super(source);
    this.file = file;
    if (file != null) {
      try {
        CacheFile.exists(file); // refuses at once a path holding something else
      } catch (IOException e) {
        throw new IllegalArgumentException("Received an invalid value for `filename`: " + e.getMessage(), e);
      }
    }
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
    List<Batch> kept = kept();
    if (kept != null) {
      return replay(kept.iterator());
    }
    try {
      if (file != null && CacheFile.exists(file)) {
        return read(new CacheFile.Reader(file, source));
      }
      return new Filling(source.iterator(), file == null ? null : new CacheFile.Writer(file, source));
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private synchronized List<Batch> kept() {
    return memory;
  }

  private synchronized void keep(List<Batch> items) {
    if (memory == null) {
      memory = items;
    }
  }

  /** The source's pass, each item also copied into the cache; kept only when the pass reaches its end. */
  private final class Filling implements BatchIterator {
    private final BatchIterator it;
    private final CacheFile.Writer writer;
    private final List<Batch> items = new ArrayList<>();
    private boolean done;

    Filling(BatchIterator it, CacheFile.Writer writer) {
      this.it = it;
      this.writer = writer;
    }

    @Override
    public boolean hasNext() {
      if (done) {
        return false;
      }
      if (it.hasNext()) {
        return true;
      }
      done = true;
      try {
        if (writer != null) {
          writer.commit();
        } else {
          keep(items);
        }
      } catch (IOException e) {
        writer.discard();
        throw new UncheckedIOException(file + ": writing the cache failed: " + e.getMessage(), e);
      }
      return false;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Batch b = Batches.copy(it.next());
      try {
        if (writer != null) {
          writer.append(b);
        } else {
          items.add(b);
        }
      } catch (IOException e) {
        writer.discard();
        throw new UncheckedIOException(file + ": writing the cache failed: " + e.getMessage(), e);
      }
      return b;
    }

    @Override
    public void close() {
      if (!done && writer != null) {
        writer.discard();
      }
      done = true;
      it.close();
    }
  }

  private static BatchIterator replay(Iterator<Batch> items) {
    return new BatchIterator() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public Batch next() {
        return items.next();
      }

      @Override
      public void close() {}
    };
  }

  private static BatchIterator read(CacheFile.Reader reader) {
    return new BatchIterator() {
      private Batch pending;
      private boolean ended;

      @Override
      public boolean hasNext() {
        if (pending == null && !ended) {
          try {
            pending = reader.next();
          } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
          }
          ended = pending == null;
        }
        return pending != null;
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Batch b = pending;
        pending = null;
        return b;
      }

      @Override
      public void close() {
        try {
          reader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
      }
    };
  }
}
