EPOCHS = 3
ETA = 0.1  # learning rate
for epoch in range(EPOCHS):
    print(epoch, ETA)
