import torch
import os
import sagebridge_runtime

OUTPUT_DIR = os.environ.get("SM_OUTPUT_DATA_DIR", "./output")


def fit(model, optimizer, epochs):
    for_report = []
    _sagebridge_checkpoints = sagebridge_runtime.Checkpoints(model=model, optimizer=optimizer)
    # one pass per epoch
    for epoch in range(1, epochs + 1):
        if _sagebridge_checkpoints.done(epoch):  # finished before an interruption
            continue
        loss = model.step(optimizer)
        for_report.append(loss)
        _sagebridge_checkpoints.save(epoch)
    return for_report
