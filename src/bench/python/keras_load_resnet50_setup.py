"""Setup of the keras_load_resnet50 row (run once by the runner before the row's programs): Keras writes
{work}/resnet50.keras (the keras_save_resnet50 row's setup too), a ResNet50 (weights=None, its top, 1000 classes, 224x224x3; 96x96 with --quick)
compiled with Adam and trained one step, so that the file holds the optimizer's state too, as a user's
trained model does (283 MB at 224x224)."""
import sys
from pathlib import Path

import keras

import bench


def main():
    work = Path(sys.argv[-1] if sys.argv[-1] != "--quick" else sys.argv[-2])
    size = 96 if bench.QUICK else 224
    keras.utils.set_random_seed(1)
    model = keras.applications.ResNet50(weights=None, include_top=True, input_shape=(size, size, 3), classes=1000)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(bench.images(4, size, 1), bench.labels(4), batch_size=4, epochs=1, verbose=0)
    model.save(work / "resnet50.keras")


if __name__ == "__main__":
    main()
