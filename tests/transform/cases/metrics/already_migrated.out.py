import sagebridge_runtime

def test(correct, total, loss):
    accuracy = correct / total
    print(
        "Accuracy: {}/{} loss {:.4f}".format(correct, total, loss)
    )
    sagebridge_runtime.log_metric("test_accuracy", correct / total)
    sagebridge_runtime.log_metric("test_loss", loss)
    return accuracy


def train(batches):
    for loss in batches:
        print("loss", loss)
        sagebridge_runtime.log_metric("train_loss", loss)
