"""Setup of the keras_save_resnet50 row: the same file as keras_load_resnet50's (see that script)."""
from keras_load_resnet50_setup import main

if __name__ == "__main__":
    main()
