"""Writes the notebooks (notebooks/*.ipynb) from the cell lists below, without outputs.

Edit the cells here (or in Jupyter, then keep this file in step) and run:
    .venv/bin/python notebooks/src/make_notebooks.py
Kernel: "java" (IJava, or JJava, its maintained fork with the same name and magics).
"""
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent.parent

SETUP = [
    ("md", "**Setup.** The notebook loads jkeras from the built jar and its dependencies "
           "(`target/jkeras.jar`, `target/lib/`): build it once from the repository root with "
           "`mvn -B package -DskipTests`. The first cell checks it is there."),
    ("code", '''var jar = java.nio.file.Path.of("../target/jkeras.jar");
if (!java.nio.file.Files.isRegularFile(jar)) {
    throw new IllegalStateException("jkeras is not built: " + jar.toAbsolutePath().normalize()
        + " is missing. Run `mvn -B package -DskipTests` in the repository root, then run this notebook again.");
}
"jkeras found at " + jar.toAbsolutePath().normalize()'''),
    ("code", "%classpath ../target/jkeras.jar ../target/lib/*.jar"),
]


def cells(spec):
    out = []
    for kind, text in spec:
        out.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))
    return out


def write(name, spec):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java", "language": "java"}
    nb.metadata["language_info"] = {"name": "java", "file_extension": ".jshell"}
    nb.cells = cells(spec)
    nbformat.write(nb, HERE / name)


SEED_41 = '''```python
import cv2
import numpy as np

def random_crop(image, size):
    h, w = image.shape[:2]
    x1 = np.random.randint(0, w - size[1])
    y1 = np.random.randint(0, h - size[0])
    x2 = x1 + size[1]
    y2 = y1 + size[0]
    return image[y1:y2, x1:x2]

def random_rotate(image, angle):
    (h, w) = image.shape[:2]
    (cX, cY) = (w // 2, h // 2)
    M = cv2.getRotationMatrix2D((cX, cY), angle, 1.0)
    cos = np.abs(M[0, 0])
    sin = np.abs(M[0, 1])
    nW = int((h * sin) + (w * cos))
    nH = int((h * cos) + (w * sin))
    M[0, 2] += (nW / 2) - cX
    M[1, 2] += (nH / 2) - cY
    return cv2.warpAffine(image, M, (nW, nH))

size = (100, 100)
angle = 45
cropped_image = random_crop(image, size)
rotated_image = random_rotate(cropped_image, angle)
```'''

NB01 = [
    ("md", "# 01 · Data augmentation (sections 3.1 and 4.1)\n\n"
           "Section 4.1 of the article augments an image with a random crop and a rotation onto an enlarged "
           "canvas (OpenCV):\n\n" + SEED_41 + "\n\nThis notebook is the Java port with jkeras: the same two "
           "functions as TensorFlow graph ops, then section 3.1's flips and colour changes, then Keras's "
           "preprocessing layers mapped over a dataset."),
    *SETUP,
    ("code", '''import static org.jkeras.preprocessing.image.Augmentation.*;
import static org.jkeras.preprocessing.image.ColorAugmentation.*;
import static org.jkeras.Kwargs.*;

import java.awt.*;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jkeras.data.*;
import org.jkeras.layers.preprocessing.*;
import org.jkeras.models.Sequential;
import org.jkeras.preprocessing.image.Images;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;'''),
    ("md", "The article leaves `image` undefined. Here it is a picture the notebook draws itself (no download): "
           "a 224x224 scene whose orientation is easy to read, turned into a (height, width, 3) float array with "
           "values in 0..255, as `keras.utils.img_to_array` gives."),
    ("code", '''BufferedImage drawScene(int size) {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(120, 180, 255), 0, size, new Color(240, 250, 255)));
    g.fillRect(0, 0, size, size);
    g.setColor(new Color(60, 150, 60));
    g.fillRect(0, size * 3 / 4, size, size / 4);
    g.setColor(new Color(255, 200, 0));
    g.fillOval(size * 2 / 3, size / 10, size / 5, size / 5);
    g.setColor(new Color(180, 60, 40));
    g.fillRect(size / 5, size / 2, size / 3, size / 4);
    g.fillPolygon(new int[] {size / 6, size * 11 / 30, size * 17 / 30}, new int[] {size / 2, size / 3, size / 2}, 3);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size / 8));
    g.drawString("jkeras", size / 10, size * 23 / 24);
    g.dispose();
    return img;
}
FloatNdArray image = Images.imgToArray(drawScene(224));
display(Images.arrayToImg(image));
image.shape()'''),
    ("md", "## The seed's two functions\n\n`randomCrop` draws the top-left corner as `np.random.randint` does "
           "(upper bound excluded); it takes a seed, so the same seed gives the same crop, run after run. "
           "`randomRotate` is OpenCV's `getRotationMatrix2D` + `warpAffine` onto the enlarged canvas the seed "
           "computes (bilinear, black border). The parity suite runs the Python above with OpenCV next to this "
           "code: identical crops, the same canvas, pixels within a fraction of a grey level."),
    ("code", '''int[] size = {100, 100};
double angle = 45;
FloatNdArray croppedImage = randomCrop(image, size, 42);   // 42: the seed of the random corner
FloatNdArray rotatedImage = randomRotate(croppedImage, angle);
display(Images.arrayToImg(Images.contactSheet(List.of(croppedImage, rotatedImage), 2, 8)));
"cropped " + croppedImage.shape() + ", rotated " + rotatedImage.shape() + " (the enlarged canvas: int(100 sin 45 + 100 cos 45) = 141)"'''),
    ("md", "The canvas grows with the angle, as the seed's `nW`, `nH`:"),
    ("code", '''var rotations = new java.util.ArrayList<FloatNdArray>();
for (double a : new double[] {0, 30, 45, 90, 137}) {
    FloatNdArray r = randomRotate(croppedImage, a);
    rotations.add(r);
    System.out.println(a + " degrees -> " + r.shape());
}
display(Images.arrayToImg(Images.contactSheet(rotations, 5, 8)));'''),
    ("md", "## Section 3.1: flips and colour changes\n\nHorizontal and vertical flips, brightness, contrast, "
           "saturation and hue (TF's `tf.image` ops):"),
    ("code", '''List<FloatNdArray> variants = List.of(
    image,
    flipLeftRight(image),
    flipUpDown(image),
    adjustBrightness(image, 60),     // + 60 grey levels, clipped to 0..255
    adjustContrast(image, 1.8),
    adjustSaturation(image, 0.2),
    adjustHue(image, 0.3));
display(Images.arrayToImg(Images.contactSheet(variants, 4, 8)));'''),
    ("md", "## Keras's preprocessing layers\n\nThe Keras way, in Python:\n\n```python\n"
           "data_augmentation = keras.Sequential([layers.RandomFlip(\"horizontal\"), layers.RandomRotation(0.1)])\n"
           "train_ds = train_ds.map(lambda x, y: (data_augmentation(x, training=True), y),\n"
           "                        num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)\n```\n\n"
           "In jkeras the layers are active in training only (identity in `predict` and `evaluate`); "
           "`dataset.map(layers)` runs them on background threads with prefetch. Nine copies of the picture "
           "go through the stack, each drawn its own flip and angle:"),
    ("code", '''Sequential dataAugmentation = new Sequential(
    new RandomFlip("horizontal"),
    new RandomRotation(0.1),
    new RandomContrast(0.3));
FloatNdArray nine = NdArrays.ofFloats(Shape.of(9, 224, 224, 3));
for (int i = 0; i < 9; i++) image.copyTo(nine.get(i));
var augmented = new java.util.ArrayList<FloatNdArray>();
try (MappedDataset ds = new ArrayDataset(nine, null, 9, false).map(dataAugmentation);
     BatchIterator it = ds.iterator()) {
    FloatNdArray batch = it.next().x();   // the batch's memory goes with the iterator: copy what is kept
    for (int i = 0; i < 9; i++) {
        FloatNdArray copy = NdArrays.ofFloats(batch.get(i).shape());
        batch.get(i).copyTo(copy);
        augmented.add(copy);
    }
}
display(Images.arrayToImg(Images.contactSheet(augmented, 3, 8)));'''),
    ("md", "At inference the same stack is the identity: a model with these layers in front predicts on the "
           "original images. From the command line, `java -jar target/jkeras.jar augment IMAGE --crop 100,100 "
           "--rotate 45` writes the seed's two steps as PNG files and a contact sheet."),
    ("md", "## Section 6: Keras's `ImageDataGenerator`\n\nSection 6 of the article names Keras's "
           "`ImageDataGenerator` as the tool for augmentation. In Python:\n\n```python\n"
           "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n\n"
           "datagen = ImageDataGenerator(rotation_range=20, width_shift_range=0.2, height_shift_range=0.2,\n"
           "                             shear_range=10, zoom_range=0.2, horizontal_flip=True, fill_mode=\"nearest\")\n"
           "train = datagen.flow_from_directory(\"data/train\", target_size=(96, 96), batch_size=8,\n"
           "                                    class_mode=\"binary\", subset=\"training\")\n"
           "model.fit(train, epochs=2)\n```\n\n"
           "jkeras has the same class with the same arguments, in camelCase, and the same numbers: each image draws "
           "its own rotation, shifts, shear, zoom and flip (Keras's `get_random_transform`), then the images of a "
           "batch are transformed together in one TF graph that interpolates and fills the borders as SciPy's "
           "`affine_transform` does (the parity suite finds the same pixels as Keras). Nine draws on the picture:"),
    ("code", '''import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jkeras.layers.Dense;
import org.jkeras.layers.Flatten;
import org.jkeras.preprocessing.image.DirectoryIterator;
import org.jkeras.preprocessing.image.ImageDataGenerator;

ImageDataGenerator datagen = new ImageDataGenerator()
    .rotationRange(20).widthShiftRange(0.2).heightShiftRange(0.2)
    .shearRange(10).zoomRange(0.2).horizontalFlip(true).fillMode("nearest");
var draws = new java.util.ArrayList<FloatNdArray>();
for (long seed = 0; seed < 9; seed++) draws.add(datagen.randomTransform(image, seed));
display(Images.arrayToImg(Images.contactSheet(draws, 3, 8)));'''),
    ("md", "`getRandomTransform` returns Keras's parameter dictionary, and `applyTransform` applies one, so a "
           "transformation can be chosen by hand: here a rotation of 30 degrees, a zoom and a shift, with the "
           "border filled by a constant (`fillMode(\"constant\")`, `cval`), then the same with `\"reflect\"`."),
    ("code", '''System.out.println(datagen.getRandomTransform(image.shape().asArray(), 7L));
Map<String, Object> params = Map.of("theta", 30.0, "zx", 0.8, "zy", 0.8, "tx", 20.0);
display(Images.arrayToImg(Images.contactSheet(List.of(
    new ImageDataGenerator().fillMode("constant").cval(255).applyTransform(image, params),
    new ImageDataGenerator().fillMode("reflect").applyTransform(image, params)), 2, 8)));'''),
    ("md", "### `flowFromDirectory`\n\n`flowFromDirectory` reads a folder with one sub-folder per class, prints "
           "Keras's \"Found N images belonging to K classes.\", and returns an iterator with Keras's `filenames()`, "
           "`classes()`, `classIndices()` and `samples()`; it is a dataset, so `fit` trains on it. The arguments are "
           "keyword factories, as for `imageDatasetFromDirectory`. For a folder the notebook writes its own: 16 "
           "pictures, 8 by day and 8 by night, into a temporary folder."),
    ("code", '''Path data = Files.createTempDirectory("jkeras-idg");
for (int i = 0; i < 8; i++) {
    FloatNdArray day = new ImageDataGenerator().rotationRange(30).zoomRange(0.3).randomTransform(image, (long) i);
    Files.createDirectories(data.resolve("day"));
    Files.createDirectories(data.resolve("night"));
    Images.saveImg(data.resolve("day/scene_" + i + ".png"), day, false);
    Images.saveImg(data.resolve("night/scene_" + i + ".png"), adjustBrightness(day, -120), false);
}
ImageDataGenerator trainGen = new ImageDataGenerator().rescale(1 / 255.0).rotationRange(20)
    .zoomRange(0.2).horizontalFlip(true).validationSplit(0.25);
DirectoryIterator train = trainGen.flowFromDirectory(data, targetSize(64, 64), batchSize(4),
    classMode("binary"), subset("training"), seed(1));
DirectoryIterator val = trainGen.flowFromDirectory(data, targetSize(64, 64), batchSize(4),
    classMode("binary"), subset("validation"), shuffle(false));
System.out.println(train.classIndices() + ", " + train.samples() + " training and " + val.samples() + " validation images");
System.out.println("validation: " + val.filenames());'''),
    ("md", "A batch as the model sees it (each image transformed, rescaled to 0..1; shown back in 0..255), then two "
           "epochs of a small "
           "model on the iterator:"),
    ("code", '''var batch = train.next();
var shown = new java.util.ArrayList<FloatNdArray>();
for (int i = 0; i < batch.size(); i++) {
    FloatNdArray img = NdArrays.ofFloats(batch.x().get(i).shape());   // back to 0..255 to show it
    batch.x().get(i).scalars().forEachIndexed((idx, v) -> img.setFloat(255 * v.getFloat(), idx));
    shown.add(img);
}
display(Images.arrayToImg(Images.contactSheet(shown, 4, 4)));
var labels = new StringBuilder("labels:");
for (int i = 0; i < batch.size(); i++) labels.append(" ").append(batch.y().getFloat(i, 0));
System.out.println(labels);
try (Sequential model = new Sequential(new Flatten().inputShape(64, 64, 3), new Dense(1).activation("sigmoid"))) {
    model.compile("adam", "binary_crossentropy", "accuracy");
    model.fit(train, epochs(2), validationData(val));
}
train.close();
val.close();'''),
    ("md", "From the command line, `java -jar target/jkeras.jar augment IMAGE --generator "
           "rotation=20,zoom=0.2,horizontal_flip` writes `ImageDataGenerator` draws of a photo and a contact sheet "
           "(Keras's argument names, or these short forms), and `train cnn --augment flip,rotation:0.1,zoom:0.2` "
           "trains with the listed Keras layers in the input pipeline."),
    ("md", "## Keras 3's augmentation layers\n\n"
           "Keras 3 adds colour, geometric and mixing layers to the nine above, and two policies that "
           "chain them (`RandAugment`, `AugMix`). Each is a layer with Keras's arguments and defaults, "
           "random per image in training and the identity at inference (but `AutoContrast` and "
           "`CenterCrop`, which Keras applies at inference too). Below, each one once on the photo, in "
           "training mode; `MixUp` and `CutMix` mix it with its mirror image, the second image of the "
           "batch. The parity suite applies the same drawn parameters in Keras and in jkeras "
           "(`transformImages`) and finds at most 1 grey level of difference."),
    ("code", '''FloatNdArray augmentOnce(BaseImagePreprocessingLayer layer, FloatNdArray batch) {
    try (Sequential one = new Sequential(layer);
         MappedDataset ds = new ArrayDataset(batch, null, (int) batch.shape().get(0), false).map(one);
         BatchIterator it = ds.iterator()) {
        FloatNdArray first = it.next().x().get(0);
        FloatNdArray copy = NdArrays.ofFloats(first.shape());   // the batch's memory goes with the iterator
        first.copyTo(copy);
        copy.scalars().forEach(v -> v.setFloat(Math.max(0f, Math.min(255f, v.getFloat()))));  // see below
        return copy;
    }
}
FloatNdArray pair = NdArrays.ofFloats(Shape.of(2, 224, 224, 3));
image.copyTo(pair.get(0));
flipLeftRight(image).copyTo(pair.get(1));
var layers = new java.util.LinkedHashMap<String, BaseImagePreprocessingLayer>();
layers.put("RandomErasing", new RandomErasing(1, 1).seed(1L));
layers.put("RandomGaussianBlur", new RandomGaussianBlur(1, 1).kernelSize(9).sigma(1.0).seed(2L));
layers.put("RandomGrayscale", new RandomGrayscale(1.0).seed(3L));
layers.put("RandomHue", new RandomHue(0.6, 0.8).seed(4L));
layers.put("RandomSaturation", new RandomSaturation(0.8, 0.9).seed(5L));
layers.put("RandomSharpness", new RandomSharpness(1.0, 1.0).seed(6L));
layers.put("RandomShear", new RandomShear(0.3, 0.2).seed(7L));
layers.put("RandomPerspective", new RandomPerspective(1, 1).scale(0.4).seed(8L));
layers.put("RandomColorJitter", new RandomColorJitter().brightnessFactor(0.2).contrastFactor(0.5)
    .saturationFactor(0.3, 0.9).hueFactor(0.2).seed(9L));
layers.put("RandomColorDegeneration", new RandomColorDegeneration(0.8, 1.0).seed(10L));
layers.put("RandomInvert", new RandomInvert(1, 1).seed(11L));
layers.put("RandomPosterization", new RandomPosterization(2, 2).seed(12L));
layers.put("Solarization", new Solarization(0.0, 0.5).seed(13L));
layers.put("AutoContrast", new AutoContrast());
layers.put("Equalization", new Equalization());
layers.put("MixUp", new MixUp(1.0).seed(19L));
layers.put("CutMix", new CutMix().seed(22L));
layers.put("RandAugment", new RandAugment().numOps(3).factor(0.7).seed(16L));
layers.put("AugMix", new AugMix().seed(17L));
layers.put("CenterCrop", new CenterCrop(160, 160));
var grid = new java.util.ArrayList<FloatNdArray>();
int k = 0;
for (var e : layers.entrySet()) {
    grid.add(augmentOnce(e.getValue(), pair));
    System.out.println((k / 5 + 1) + "." + (k % 5 + 1) + "  " + e.getKey());
    k++;
}
display(Images.arrayToImg(Images.contactSheet(grid, 5, 8)));'''),
    ("md", "Every layer takes the parameters it would draw as a (batch, k) tensor, laid out as its Javadoc "
           "says, through `transformImages(tf, images, transformation)` (Keras's `transform_images`), and "
           "`MixUp` and `CutMix` mix the labels of a batch with the same parameters (`transformLabels`). "
           "The grid clips each result to 0..255 for display: `RandomSaturation` (alone or in "
           "`RandomColorJitter`), as Keras 3.15 computes it, clips the saturation to `value_range` rather "
           "than to 1, so a strong saturation gives values outside 0..255, in Keras as in jkeras."),
]

SEED_42 = '''```python
import tensorflow as tf

def create_model():
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(32, (3, 3), activation='relu', input_shape=(224, 224, 3)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(64, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(128, (3, 3), activation='relu'),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(1, activation='sigmoid')
    ])
    return model

model = create_model()
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
```'''

NB02 = [
    ("md", "# 02 · The CNN (section 4.2)\n\nThe article's model-optimisation example, in Python:\n\n" + SEED_42 +
           "\n\nThe Java port with jkeras follows, line for line; then it is trained on the embedded synthetic image "
           "set, evaluated, and asked to classify a few images."),
    *SETUP,
    ("code", '''import static org.jkeras.Kwargs.*;

import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.History;
import org.jkeras.data.*;
import org.jkeras.layers.*;
import org.jkeras.models.Model;
import org.jkeras.models.Sequential;
import org.jkeras.preprocessing.image.Images;
import org.jkeras.random.Seeds;
import org.jkeras.utils.CurvesPlot;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;'''),
    ("md", "## `create_model()`, line for line\n\n`Conv2D(32, (3, 3), activation='relu', input_shape=...)` becomes "
           "`new Conv2D(32, 3, 3).activation(\"relu\").inputShape(...)`: Keras's arguments are fluent setters with "
           "the same names in camelCase. The input size is a parameter here so that the model can be trained at "
           "64x64 below."),
    ("code", '''Sequential createModel(int height, int width) {
    Sequential model = new Sequential(
        new Conv2D(32, 3, 3).activation("relu").inputShape(height, width, 3),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Conv2D(128, 3, 3).activation("relu"),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(512).activation("relu"),
        new Dense(1).activation("sigmoid"));
    return model;
}

Sequential model = createModel(224, 224);
model.compile("adam", "binary_crossentropy", "accuracy");
model.summary();'''),
    ("md", "The table is Keras's, with the same counts: 44,396,609 parameters at 224x224x3, most of them in the "
           "`Dense(512)` layer after `Flatten` (86,528 inputs)."),
    ("code", "model.close();   // a model owns a TensorFlow graph and session: close it when done"),
    ("md", "## Training\n\nThe data is jkeras's embedded default set: generated images of horizontal and vertical "
           "stripes (no download). To keep the notebook to a minute or two on a laptop CPU, the model is trained at "
           "64x64 (the command-line `train cnn` uses the seed's 224x224). `fit` takes Python's keyword arguments as "
           "static factories: `epochs(8)`, `validationData(...)`."),
    ("code", '''Seeds.setRandomSeed(1);    // keras.utils.set_random_seed(1)
var images = SyntheticImages.generate(400, 64, 64, 43);
ArrayDataset[] parts = images.split(0.2, 32, 1);
ArrayDataset trainDs = parts[0], valDs = parts[1];

Sequential small = createModel(64, 64);
small.compile("adam", "binary_crossentropy", "accuracy");
History history = small.fit(trainDs, epochs(8), validationData(valDs));'''),
    ("code", 'display(CurvesPlot.image("The seed\'s CNN on the synthetic set (64x64)", Map.of("cnn", history)));'),
    ("code", '''Map<String, Double> result = small.evaluate(valDs);
result'''),
    ("md", "## Predictions\n\n`predict` returns the sigmoid output, the probability of the second class "
           "(`vertical`):"),
    ("code", '''FloatNdArray probs = small.predict(valDs, verbose(0));
List<String> classNames = images.classNames();
var shown = new java.util.ArrayList<FloatNdArray>();
for (int i = 0; i < 8; i++) {
    FloatNdArray img = valDs.x().get(i);
    float p = probs.getFloat(i, 0);
    String predicted = classNames.get(p > 0.5f ? 1 : 0);
    String actual = classNames.get((int) valDs.y().getFloat(i, 0));
    System.out.printf("image %d: p(vertical)=%.3f -> %s (true: %s)%n", i, p, predicted, actual);
    shown.add(img);
}
display(Images.arrayToImg(Images.contactSheet(shown, 8, 4)));'''),
    ("md", "The model saves as a TensorFlow SavedModel that Python's `tf.saved_model.load` serves "
           "(`small.save(path)`; `Models.loadModel(path)` reads it back for more training). The command line "
           "does all of this in one go: `java -jar target/jkeras.jar train cnn`."),
    ("code", "small.close();"),
    ("md", "## Beyond a chain: the functional API\n\nThe seed's CNN is a chain of layers. Keras's functional API "
           "also writes branches, merges, and models of several inputs and outputs, and jkeras takes it as Keras "
           "writes it: `layer.apply(x)` is `layer(x)`, `new Add().apply(x, r)` is `Add()([x, r])`. Here the CNN's "
           "stem gets a residual branch, and a second input of 8 numbers joins it before two heads: a class and "
           "3 regression targets, each with its own loss."),
    ("code", '''KerasTensor image = Input.of("image", 64, 64, 3);
KerasTensor meta = Input.of("meta", 8);
KerasTensor x = new Conv2D(16, 3, 3).padding("same").activation("relu").name("stem").apply(image);
KerasTensor r = new Conv2D(16, 3, 3).padding("same").name("res_conv").apply(x);
x = new Add().name("res_add").apply(x, r);
x = new GlobalAveragePooling2D().name("gap").apply(x);
KerasTensor z = new Concatenate().name("concat").apply(x, new Dense(8).activation("relu").name("meta_dense").apply(meta));
KerasTensor cls = new Dense(1).activation("sigmoid").name("cls").apply(z);
KerasTensor reg = new Dense(3).name("reg").apply(z);
Model twoHeads = new Model(List.of(image, meta), List.of(cls, reg));
twoHeads.compile(optimizer("adam"), loss(Map.of("cls", "binary_crossentropy", "reg", "mse")),
    lossWeights(Map.of("cls", 1.0, "reg", 0.5)), metrics(Map.of("cls", List.of("accuracy"))));
twoHeads.summary();'''),
    ("md", "`fit` takes one array per input and per output; the logs carry Keras's names (`cls_loss`, `reg_loss`, "
           "`cls_accuracy`)."),
    ("code", '''var more = SyntheticImages.generate(64, 64, 64, 44);
FloatNdArray metaX = NdArrays.ofFloats(Shape.of(64, 8));
FloatNdArray regY = NdArrays.ofFloats(Shape.of(64, 3));
History twoHistory = twoHeads.fit(List.of(more.x(), metaX), List.of(more.y(), regY), epochs(2), batchSize(16));
twoHistory.history().keySet()'''),
    ("code", "twoHeads.close();"),
]

SEED_43 = '''```python
from keras import regularizers

def create_model():
    model = tf.keras.Sequential([
        tf.keras.layers.Conv2D(32, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(0.001), input_shape=(224, 224, 3)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(64, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(0.001)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Conv2D(128, (3, 3), activation='relu', kernel_regularizer=regularizers.l2(0.001)),
        tf.keras.layers.MaxPooling2D((2, 2)),
        tf.keras.layers.Flatten(),
        tf.keras.layers.Dense(512, activation='relu'),
        tf.keras.layers.Dense(1, activation='sigmoid')
    ])
    return model

model = create_model()
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
```'''

NB03 = [
    ("md", "# 03 · Regularisation (sections 3.2, 3.3 and 4.3)\n\nSection 4.3 adds an L2 penalty to the three "
           "convolution kernels:\n\n" + SEED_43 + "\n\nBelow: the Java port, the penalty it adds to the loss, the "
           "regularised and the plain model trained side by side, and the optimizers, learning-rate schedules "
           "and callbacks that sections 3.2 and 3.3 name."),
    *SETUP,
    ("code", '''import static org.jkeras.Kwargs.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.callbacks.*;
import org.jkeras.data.*;
import org.jkeras.layers.*;
import org.jkeras.models.Sequential;
import org.jkeras.optimizers.*;
import org.jkeras.optimizers.schedules.*;
import org.jkeras.random.Seeds;
import org.jkeras.regularizers.Regularizers;
import org.jkeras.utils.CurvesPlot;'''),
    ("code", '''Sequential createModel(int height, int width, double l2) {
    Sequential model = new Sequential(
        new Conv2D(32, 3, 3).activation("relu").kernelRegularizer(Regularizers.l2(l2)).inputShape(height, width, 3),
        new MaxPooling2D(2, 2),
        new Conv2D(64, 3, 3).activation("relu").kernelRegularizer(Regularizers.l2(l2)),
        new MaxPooling2D(2, 2),
        new Conv2D(128, 3, 3).activation("relu").kernelRegularizer(Regularizers.l2(l2)),
        new MaxPooling2D(2, 2),
        new Flatten(),
        new Dense(512).activation("relu"),
        new Dense(1).activation("sigmoid"));
    return model;
}

Sequential model = createModel(224, 224, 0.001);
model.compile("adam", "binary_crossentropy", "accuracy");
model.summary();'''),
    ("md", "The regulariser adds no weights (same 44,396,609 parameters as 4.2). It adds one term per regularised "
           "kernel to the loss, `0.001 * sum(w^2)`, summed, as Keras's `model.losses`:"),
    ("code", '''List<Double> penalties = model.losses();
System.out.println(penalties);
model.close();'''),
    ("md", "## Does the penalty narrow the gap?\n\nThe seed's claim is that L2 reduces overfitting. Both models "
           "train here with the same seed on the same small synthetic set at 64x64, and the curves show training "
           "(solid) against validation (dashed). The legend gives each model's final gap; on so few images the "
           "difference can go either way (the README reports what the `compare` command measured on photos)."),
    ("code", '''var images = SyntheticImages.generate(240, 64, 64, 7);
ArrayDataset[] parts = images.split(0.5, 16, 7);
Map<String, org.jkeras.callbacks.History> runs = new LinkedHashMap<>();
for (double l2 : new double[] {0.0, 0.001}) {
    Seeds.setRandomSeed(7);
    try (Sequential m = createModel(64, 64, l2)) {
        m.compile("adam", "binary_crossentropy", "accuracy");
        runs.put(l2 == 0 ? "cnn" : "cnn-l2 (0.001)", m.fit(parts[0], epochs(10), validationData(parts[1]), verbose(0)));
    }
}
display(CurvesPlot.image("Plain vs L2-regularised CNN", runs));
for (var e : runs.entrySet()) {
    System.out.printf("%s: final val_loss - loss = %.3f%n", e.getKey(), CurvesPlot.finalGap(e.getValue(), "loss"));
}'''),
    ("md", "## Optimizers, learning-rate schedules, callbacks\n\nSection 3.2 tunes the training strategy. The "
           "Keras objects exist with Keras's names and defaults: `SGD` (momentum, Nesterov), `RMSprop`, `Adam`, "
           "`AdamW`, `Adagrad`; schedules `ExponentialDecay`, `PiecewiseConstantDecay`, `CosineDecay`; callbacks "
           "`EarlyStopping`, `ModelCheckpoint`, `ReduceLROnPlateau`, `TerminateOnNaN`, `CSVLogger`, `TensorBoard`. "
           "Here Adam on an exponentially decaying learning rate, stopped early when the validation loss stops "
           "improving, with the weights of the best epoch restored (the learning rate in force is logged every "
           "epoch). Plain SGD at Keras's default rate diverges on this model, whose inputs are raw 0..255 pixels "
           "as in the seed; `TerminateOnNaN` would stop such a run at the first NaN."),
    ("code", '''Seeds.setRandomSeed(3);
var schedule = new ExponentialDecay(0.001, 10, 0.9);   // 0.001 * 0.9^(step / 10)
try (Sequential m = createModel(64, 64, 0.001)) {
    m.compile(new Adam(schedule), "binary_crossentropy", "accuracy");
    var h = m.fit(parts[0], epochs(8), validationData(parts[1]),
        callbacks(new EarlyStopping("val_loss", 2).restoreBestWeights(true), new TerminateOnNaN()));
    System.out.println(h.history().keySet());
}'''),
]


SEED_44 = '''```python
from keras.applications import VGG16
from keras.layers import Dense, Flatten, Dropout
from keras.models import Model

def create_model():
    base_model = VGG16(weights='imagenet', include_top=False, input_shape=(224, 224, 3))
    x = base_model.output
    x = Flatten()(x)
    x = Dense(512, activation='relu')(x)
    x = Dropout(0.5)(x)
    x = Dense(1, activation='sigmoid')(x)
    model = Model(inputs=base_model.input, outputs=x)
    return model

model = create_model()
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
```'''

NB04 = [
    ("md", "# 04 · Transfer learning with VGG16 (sections 3.4 and 4.4)\n\nThe article's knowledge-transfer example "
           "puts a new head on an ImageNet-trained VGG16:\n\n" + SEED_44 + "\n\nBelow: the Java port, the base frozen "
           "(the common practice; the seed trains everything), the model trained and fine-tuned, and a measurement "
           "of what transfer buys."),
    *SETUP,
    ("code", '''import static org.jkeras.Kwargs.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jkeras.applications.VGG16;
import org.jkeras.callbacks.History;
import org.jkeras.data.*;
import org.jkeras.examples.KnowledgeTransfer;
import org.jkeras.examples.TransferLearning;
import org.jkeras.layers.*;
import org.jkeras.models.Model;
import org.jkeras.optimizers.Adam;
import org.jkeras.preprocessing.image.Images;
import org.jkeras.random.Seeds;
import org.jkeras.utils.CurvesPlot;
import org.tensorflow.ndarray.FloatNdArray;'''),
    ("md", "## The ImageNet weights\n\n`weights=\"imagenet\"` reads Keras's own file "
           "(`vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5`) from `models/` or Keras's cache; jkeras never "
           "downloads. Where the file is absent (as on a machine without internet) the error says what to put where; "
           "this notebook then uses Keras-style random weights (`weights=None`), so the numbers below show the "
           "mechanics, not ImageNet features."),
    ("code", '''String weights = "imagenet";
try (VGG16 probe = new VGG16("imagenet", false, 224, 224, 3)) {
    System.out.println("ImageNet weights found: the notebook uses them.");
} catch (Exception e) {
    System.out.println(e.getMessage());
    System.out.println("\\n=> This notebook continues with random weights (weights=None).");
    weights = null;
}'''),
    ("md", "## `create_model()`, line for line\n\nThe functional API: `layer.apply(x)` is Keras's `layer(x)`."),
    ("code", '''Model createModel(String weights, int height, int width) {
    VGG16 baseModel = new VGG16(weights, false, height, width, 3);
    KerasTensor x = baseModel.output();
    x = new Flatten().apply(x);
    x = new Dense(512).activation("relu").apply(x);
    x = new Dropout(0.5).apply(x);
    x = new Dense(1).activation("sigmoid").apply(x);
    Model model = new Model(baseModel.input(), x);
    return model;
}

Model model = createModel(weights, 224, 224);
model.compile("adam", "binary_crossentropy", "accuracy");
model.summary();'''),
    ("md", "Freezing the base is one call; the summary then counts its 14,714,688 parameters as non-trainable, and "
           "training computes gradients for the head only:"),
    ("code", '''for (var layer : model.layers()) {
    if (layer.name().startsWith("block")) layer.setTrainable(false);
}
model.compile("adam", "binary_crossentropy", "accuracy");   // compile again after changing trainable, as in Keras
String s = model.summaryString();
System.out.println(s.substring(s.indexOf(" Total params")));
model.close();'''),
    ("md", "## Training at 64x64\n\nTo stay within a couple of minutes on a laptop CPU the model is trained at "
           "64x64 (VGG16 without its top takes 32x32 and up) on jkeras's generated stripes, with "
           "`preprocess_input` applied as Keras's tutorials do. First phase: the base frozen."),
    ("code", '''Seeds.setRandomSeed(4);
var images = SyntheticImages.generate(160, 64, 64, 4);
FloatNdArray x = VGG16.preprocessInput(images.x());   // RGB -> BGR, ImageNet means subtracted
ArrayDataset[] parts = new SyntheticImages.Images(x, images.y(), images.classNames()).split(0.25, 16, 4);

Model small = createModel(weights, 64, 64);
for (var layer : small.layers()) {
    if (layer.name().startsWith("block")) layer.setTrainable(false);
}
small.compile("adam", "binary_crossentropy", "accuracy");
var frozen = small.fit(parts[0], epochs(3), validationData(parts[1]));'''),
    ("md", "Second phase, fine-tuning: block5 unfrozen, a much lower learning rate (Keras's recipe):"),
    ("code", '''int frozenLayers = TransferLearning.fineTuneFrom(small, "block5");
small.compile(new Adam(1e-5), "binary_crossentropy", "accuracy");
var tuned = small.fit(parts[0], epochs(2), validationData(parts[1]));
System.out.println(frozenLayers + " layers before block5 stay frozen");
var phases = new LinkedHashMap<String, History>();   // plotted in this order
phases.put("frozen base", frozen);
phases.put("fine-tuned", tuned);
display(CurvesPlot.image("4.4 model at 64x64: frozen base, then fine-tuned from block5", phases));'''),
    ("code", '''FloatNdArray probs = small.predict(parts[1], verbose(0));
var shown = new java.util.ArrayList<FloatNdArray>();
for (int i = 0; i < 6; i++) {
    System.out.printf("image %d: p(vertical)=%.3f -> %s (true: %s)%n", i, probs.getFloat(i, 0),
        images.classNames().get(probs.getFloat(i, 0) > 0.5f ? 1 : 0),
        images.classNames().get((int) parts[1].y().getFloat(i, 0)));
    shown.add(images.x().get(images.x().shape().get(0) - parts[1].size() + i));
}
display(Images.arrayToImg(Images.contactSheet(shown, 6, 4)));
small.close();'''),
    ("md", "## What transfer buys, measured\n\nSection 3.4's claim: knowledge learnt on one task speeds up a related "
           "one. Without ImageNet weights the notebook shows it end to end on a small VGG-style base: pre-trained on "
           "the orientation of gratings (four angles), then frozen under the seed's head for a related task (two "
           "diagonal angles, new colours and periods), against the same model trained from scratch. Steps to reach "
           "the target validation accuracy:"),
    ("code", '''var result = KnowledgeTransfer.run(KnowledgeTransfer.Config.small(), null);
System.out.println(result);'''),
]


if __name__ == "__main__":
    write("01-data-augmentation.ipynb", NB01)
    write("02-cnn.ipynb", NB02)
    write("03-regularization.ipynb", NB03)
    write("04-transfer-learning.ipynb", NB04)
