package org.jkeras.data;

/**
 * The pair {@code image_dataset_from_directory(..., subset="both")} returns: the training and the
 * validation datasets of one listing and split. Closing it closes both.
 */
public record ImageDatasetSplit(ImageFolderDataset training, ImageFolderDataset validation) implements AutoCloseable {
  @Override
  public void close() {
    training.close();
    validation.close();
  }
}
