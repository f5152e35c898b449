from torchvision.utils import save_image
import os


def sample(images, epoch):
    save_image(images, os.path.join(os.environ.get("SM_OUTPUT_DATA_DIR", "results"), "sample_") + str(epoch) + ".png")
