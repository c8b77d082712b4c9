package org.jkeras.saving;

import io.jhdf.Superblock;
import io.jhdf.exceptions.HdfWritingException;
import io.jhdf.storage.HdfFileChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * jHDF's writing channel for an HDF5 file that starts {@code offset} bytes into {@code channel}:
 * the weights member of a {@code .keras} archive is written in place, inside the archive, rather
 * than to a file of its own that is then copied into it (a ResNet50 with its Adam state is 283 MB
 * written once instead of written, read and written again). jHDF addresses the HDF5 file from its
 * own start; each write is shifted by {@code offset}. With offset 0 it is a plain {@code .weights.h5}.
 */
final class OffsetHdfChannel extends HdfFileChannel {
  private final FileChannel channel;
  private final long offset;
  /** The HDF5 position of the next {@link #write(ByteBuffer)}. */
  private long position;
  /** The HDF5 file's end: the furthest byte written. */
  private long end;

  OffsetHdfChannel(FileChannel channel, long offset, Superblock superblock) {
    super(channel, superblock);
    this.channel = channel;
    this.offset = offset;
  }

  @Override
  public int write(ByteBuffer buffer, long at) {
    int n = buffer.remaining();
    try {
      long p = at;
      while (buffer.hasRemaining()) {
        p += channel.write(buffer, offset + p);
      }
    } catch (IOException e) {
      throw new HdfWritingException("Could not write at HDF5 position " + at, e);
    }
    end = Math.max(end, at + n);
    return n;
  }

  @Override
  public int write(ByteBuffer buffer) {
    int n = write(buffer, position);
    position += n;
    return n;
  }

  @Override
  public void position(long at) {
    position = at;
  }

  /** The HDF5 file's size so far (not the channel's, which holds what lies around it). */
  @Override
  public long size() {
    return end;
  }
}
