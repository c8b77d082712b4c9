"""Benchmark row seed_augment (Python side): the seed's section 4.1 pipeline with OpenCV (the
article's own functions, "ref": "cv2") and the nearest Keras layers ("ref": "keras"), on 224x224
uint8 photos already in memory. Prints images per second, one JSON line per figure.

Keras has no enlarged-canvas rotation: its figure is RandomCrop(100, 100) then RandomRotation by a
fixed 45 degrees (factor 45/360, fill "constant"), in a tf.data map over batches of 32, as Keras
users write it. --quick: 96 images; otherwise 1,000. Each side makes one untimed pass over all the
images (warm-up), then PASSES timed passes; the figure is the median pass (one pass is only 0.1-0.2 s
of work, too short to time once on a shared VM). The jkeras side does the same.
"""
import glob
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import cv2  # noqa: E402
import numpy as np  # noqa: E402

# The article's random_crop and random_rotate, verbatim, shared with the parity suite.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "parity"))
from seed_41 import random_crop, random_rotate  # noqa: E402

WHAT = "seed 4.1 random_crop 100x100 + random_rotate 45, 224x224 uint8 source"
PASSES = 5


def median_pass_seconds(one_pass, passes):
    """One untimed pass (warm-up), then the median of `passes` timed ones."""
    one_pass()
    times = []
    for _ in range(passes):
        t0 = time.perf_counter()
        one_pass()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]



def photos(limit):
    root = os.environ.get("JKERAS_SHARED", "../shared")
    files = sorted(glob.glob(os.path.join(root, "data", "pets", "train", "*", "*.jpg")))[:limit]
    out = []
    for f in files:
        img = cv2.cvtColor(cv2.imread(f), cv2.COLOR_BGR2RGB)
        out.append(cv2.resize(img, (224, 224), interpolation=cv2.INTER_LINEAR))
    return out


def main(argv):
    quick = "--quick" in argv
    count = 96 if quick else 1000
    base = photos(16 if quick else 200)
    images = [base[i % len(base)].copy() for i in range(count)]

    # The seed's code, one image at a time, as the article runs it.
    size, angle = (100, 100), 45
    passes = 1 if quick else PASSES

    def seed_pass():
        for image in images:
            cropped_image = random_crop(image, size)
            rotated_image = random_rotate(cropped_image, angle)
        assert rotated_image.shape == (141, 141, 3)

    seconds = median_pass_seconds(seed_pass, passes)
    print(json.dumps({"what": WHAT, "value": round(count / seconds, 1), "unit": "images/s", "better": "higher",
                      "ref": "cv2", "images": count}), flush=True)

    # Keras layers in a tf.data pipeline over batches of 32.
    import tensorflow as tf
    import keras
    aug = keras.Sequential([keras.layers.RandomCrop(100, 100, seed=1),
                            keras.layers.RandomRotation((45 / 360, 45 / 360), fill_mode="constant", seed=2)])
    stack = np.stack(images)
    dataset = (tf.data.Dataset.from_tensor_slices(stack).batch(32)
               .map(lambda x: aug(x, training=True), num_parallel_calls=tf.data.AUTOTUNE)
               .prefetch(tf.data.AUTOTUNE))

    def keras_pass():
        n = 0
        for batch in dataset:
            n += int(batch.shape[0])
        assert n == count

    seconds = median_pass_seconds(keras_pass, passes)
    print(json.dumps({"what": WHAT, "value": round(count / seconds, 1), "unit": "images/s", "better": "higher",
                      "ref": "keras", "images": count}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
