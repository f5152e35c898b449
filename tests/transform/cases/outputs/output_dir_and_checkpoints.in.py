import torch

OUTPUT_DIR = "./output"


def fit(model, optimizer, epochs):
    for_report = []
    # one pass per epoch
    for epoch in range(1, epochs + 1):
        loss = model.step(optimizer)
        for_report.append(loss)
    return for_report
