"""Small PyTorch models for the tests."""
import torch
from torch import nn


class SmallCNN(nn.Module):
    """conv → batch norm → ReLU (in place) → dropout → fc1 → ReLU → out; for 1×8×8 pictures."""

    def __init__(self, classes=3):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3, padding=1)
        self.bn = nn.BatchNorm2d(4)
        self.relu = nn.ReLU(inplace=True)
        self.pool = nn.MaxPool2d(2)
        self.drop = nn.Dropout(0.5)
        self.fc1 = nn.Linear(4 * 4 * 4, 16)
        self.out = nn.Linear(16, classes)

    def forward(self, x):
        x = self.pool(self.relu(self.bn(self.conv(x))))
        return self.out(torch.relu(self.fc1(self.drop(x.flatten(1)))))


def train(model, recorder, x, y, epochs, batch_size, lr=0.05, test=False):
    """Plain SGD over (x, y) in order; calls the recorder after every step. Returns the batch
    losses, batch sizes and correct counts in order."""
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    history = []
    for _ in range(epochs):
        model.train()
        for start in range(0, len(x), batch_size):
            xb, yb = torch.as_tensor(x[start:start + batch_size]), torch.as_tensor(y[start:start + batch_size])
            logits = model(xb)
            loss = nn.functional.cross_entropy(logits, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            history.append((float(loss.detach()), len(xb), int((logits.argmax(1) == yb).sum())))
            recorder.step(len(xb), loss=loss, outputs=logits, targets=yb)
        if test:
            recorder.test(loss=0.5, accuracy=0.75)
    return history
