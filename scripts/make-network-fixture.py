#!/usr/bin/env python3
"""Writes Tests/NetworkTests/Fixtures/pytorch-reference.json: a tiny CNN in PyTorch with fixed
weights and inputs (conv3x3(1->2, pad 1) ReLU maxpool2 | flatten | dense(18->4) ReLU | dense(4->3)),
its logits, cross-entropy loss and every parameter's gradient, then the parameters after two Adam
steps (lr 0.01, weight_decay 0.01) and, from the same start, after two SGD steps (lr 0.1,
momentum 0.9, weight_decay 0.01). The Swift tests rebuild the model with these weights and must
match within 1e-5 (values) / 1e-4 (updates). Run with the peers' venv:
    ~/.cache/cnn-timelapse-peers/bin/python scripts/make-network-fixture.py
"""
import json
import torch, torch.nn as nn, torch.nn.functional as F

torch.manual_seed(0)
def model():
    return nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(18, 4), nn.ReLU(), nn.Linear(4, 3))
def fixed(m):
    with torch.no_grad():
        for k, p in enumerate(m.parameters()):
            n = p.numel()
            p.copy_((torch.sin(torch.arange(n, dtype=torch.float64) * (0.7 + 0.3 * k) + k) * 0.5).reshape(p.shape))
    return m
x = (torch.cos(torch.arange(2 * 36, dtype=torch.float64) * 1.3) * 0.8).reshape(2, 1, 6, 6).float()
y = torch.tensor([2, 0])
names = ["conv1.weight", "conv1.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]

m = fixed(model())
logits = m(x); loss = F.cross_entropy(logits, y); loss.backward()
out = {"input": x.flatten().tolist(), "labels": y.tolist(), "logits": logits.flatten().tolist(), "loss": loss.item(),
       "parameters": {n: p.detach().flatten().tolist() for n, p in zip(names, m.parameters())},
       "gradients": {n: p.grad.flatten().tolist() for n, p in zip(names, m.parameters())}}
for key, make in [("adam", lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.01)),
                  ("sgd", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=0.01))]:
    m = fixed(model()); opt = make(m.parameters())
    for _ in range(2):
        opt.zero_grad(); F.cross_entropy(m(x), y).backward(); opt.step()
    out[key] = {n: p.detach().flatten().tolist() for n, p in zip(names, m.parameters())}
json.dump(out, open("Tests/NetworkTests/Fixtures/pytorch-reference.json", "w"))
