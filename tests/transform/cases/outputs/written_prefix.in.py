from torchvision.utils import save_image


def sample(images, epoch):
    save_image(images, "results/sample_" + str(epoch) + ".png")
