package org.jkeras.data;

import java.util.Iterator;

/** The batches of one epoch; closing it stops any background loading. */
public interface BatchIterator extends Iterator<Batch>, AutoCloseable {
  @Override
  void close();
}
