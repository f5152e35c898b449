import sagebridge_runtime

for batch in range(1, 1001):
    loss = 1.0 / batch
    if batch % 200 == 0:
        print("batch {}: loss {:.6f}".format(batch, loss))
        sagebridge_runtime.log_metric("loss", loss)
    if loss < 1e-3:
        break

print("Loss: {:.6f} after {} batches".format(loss, batch))
sagebridge_runtime.log_metric("loss", loss)
