package org.jkeras.saving;

import io.jhdf.AbstractWritableNode;
import io.jhdf.Constants;
import io.jhdf.ObjectHeader;
import io.jhdf.api.Group;
import io.jhdf.api.NodeType;
import io.jhdf.api.WritableDataset;
import io.jhdf.exceptions.HdfWritingException;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.message.DataLayout;
import io.jhdf.object.message.DataLayoutMessage.ContiguousDataLayoutMessage;
import io.jhdf.object.message.DataSpace;
import io.jhdf.object.message.DataSpaceMessage;
import io.jhdf.object.message.DataTypeMessage;
import io.jhdf.object.message.FillValueMessage;
import io.jhdf.object.message.Message;
import io.jhdf.storage.HdfFileChannel;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jkeras.backend.KerasVariable;

/**
 * A float32 dataset holding a weight's value, written as jHDF's own {@code WritableDatasetImpl}
 * writes a {@code float[]...[]} of that shape (same object header, same contiguous data), but
 * whose value is read from the graph only when jHDF writes it ({@link ValueChunks}): jHDF keeps
 * the data of every dataset it is given until the whole file is written, which for a ResNet50
 * and its Adam state is 300 MB of nested Java arrays, each made from a flat copy.
 *
 * <p>For a variable of at least one dimension and one element; a scalar or an empty one goes
 * through jHDF's own dataset.
 */
final class StreamedFloatDataset extends AbstractWritableNode implements WritableDataset {
  /** jHDF's type for a {@code float[]}: IEEE float32 in its byte order. */
  static final DataType FLOAT32 = DataType.fromObject(new float[1]);

  private final KerasVariable variable;
  private final DataSpace space;
  private ValueChunks values;
  private int order = -1;

  StreamedFloatDataset(Group parent, String name, KerasVariable variable) {
    super(parent, name);
    this.variable = variable;
    long[] dims = variable.shape().asArray();
    int[] ones = new int[dims.length];
    Arrays.fill(ones, 1);
    // jHDF's DataSpace.fromObject of an array of this shape: the same rank and flags, these dimensions.
    this.space = DataSpace.modifyDimensions(DataSpace.fromObject(Array.newInstance(float.class, ones)), dims);
  }

  /** True when {@code v} is written this way: at least one dimension and one element. */
  static boolean fits(KerasVariable v) {
    return v.shape().numDimensions() > 0 && v.size() > 0;
  }

  KerasVariable variable() {
    return variable;
  }

  /** Where its value comes from: position {@code order} of {@code values}. */
  void source(ValueChunks values, int order) {
    this.values = values;
    this.order = order;
  }

  /** The object header, then the data right after it, as {@code WritableDatasetImpl.write} lays them out. */
  @Override
  public long write(HdfFileChannel channel, long position) {
    if (values == null) {
      throw new HdfWritingException("No values given for dataset " + getPath());
    }
    List<Message> messages = new ArrayList<>();
    messages.add(DataTypeMessage.create(FLOAT32));
    messages.add(DataSpaceMessage.create(space));
    messages.add(FillValueMessage.NO_FILL);
    Message placeholder = ContiguousDataLayoutMessage.create(Constants.UNDEFINED_ADDRESS, Constants.UNDEFINED_ADDRESS);
    messages.add(placeholder);
    long dataAddress = position + new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer().limit();
    long dataSize = getSizeInBytes();
    values.write(order, channel, dataAddress);
    messages.set(messages.indexOf(placeholder), ContiguousDataLayoutMessage.create(dataAddress, dataSize));
    channel.write(new ObjectHeader.ObjectHeaderV2(position, messages).toBuffer(), position);
    return dataAddress + dataSize;
  }

  @Override
  public long getSize() {
    return space.getTotalLength();
  }

  @Override
  public long getSizeInBytes() {
    return getSize() * FLOAT32.getSize();
  }

  @Override
  public long getStorageInBytes() {
    return getSizeInBytes();
  }

  @Override
  public int[] getDimensions() {
    return space.getDimensions();
  }

  @Override
  public long[] getDimensionsAsLong() {
    return space.getDimensionsAsLong();
  }

  @Override
  public boolean isScalar() {
    return false;
  }

  @Override
  public boolean isEmpty() {
    return false;
  }

  @Override
  public boolean isCompound() {
    return false;
  }

  @Override
  public boolean isVariableLength() {
    return false;
  }

  @Override
  public long[] getMaxSize() {
    return space.getMaxSizes();
  }

  @Override
  public DataLayout getDataLayout() {
    return DataLayout.CONTIGUOUS;
  }

  /** Not kept: the value is read from the graph while the file is written. */
  @Override
  public Object getData() {
    throw new UnsupportedOperationException("The value of " + getPath() + " is read only while the file is written");
  }

  @Override
  public Object getDataFlat() {
    return getData();
  }

  @Override
  public Object getData(long[] sliceOffset, int[] sliceDimensions) {
    return getData();
  }

  @Override
  public Class<?> getJavaType() {
    return float.class;
  }

  @Override
  public DataType getDataType() {
    return FLOAT32;
  }

  @Override
  public Object getFillValue() {
    return null;
  }

  @Override
  public List<PipelineFilterWithData> getFilters() {
    return List.of();
  }

  @Override
  public NodeType getType() {
    return NodeType.DATASET;
  }

  @Override
  public boolean isGroup() {
    return false;
  }

  @Override
  public long getAddress() {
    throw new HdfWritingException("Address not known until written");
  }

  @Override
  public boolean isLink() {
    return false;
  }

  @Override
  public boolean isAttributeCreationOrderTracked() {
    return false;
  }
}
