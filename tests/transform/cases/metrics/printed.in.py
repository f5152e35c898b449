def test(correct, total, loss):
    accuracy = correct / total
    print(
        "Accuracy: {}/{} loss {:.4f}".format(correct, total, loss)
    )
    return accuracy


def train(batches):
    for loss in batches:
        print("loss", loss)
