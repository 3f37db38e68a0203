#!/usr/bin/python3
"""PyTorch side of NetForge's performance benchmark (docs/performance.md); run by PerformanceBenchmark, one
process per measurement, printing one JSON line. Same networks, data and settings as the Java side:
Fashion-MNIST from Debian's dataset-fashion-mnist, standardized with the training set's mean and std, Adam 1e-3.

  bench_torch.py --model cnn|mlp|resnet18 --batches 64,256 --steps 30 [--epoch] [--inference] [--limit N] [--threads 2]

--steps N: for each batch size, a fresh model and N timed training steps after --warmup W (default 5) warm-up steps, on random
           batches of the training set (drawn with replacement);
--epoch: then one whole shuffled epoch of the training images at the last batch size, and the test accuracy;
--inference: the test images in batches of 256 (after one warm-up pass over 1,024 of them), the median of 5 passes:
             accuracy, and the softmax probabilities of every image (NetForge: predictor().probabilities);
--limit N: only the first N training and test images.
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

INFERENCE_PASSES = 5

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_roundtrip import BasicBlock, SpamEmbedding, SpamLstm, SpamTextCnn  # noqa: E402  the samples, as the round-trip test has them

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


TEXT = ("textcnn", "embedding", "lstm", "transformer", "moby-lstm", "moby-transformer")
LANGUAGE = ("moby-lstm", "moby-transformer")  # a target at every step: the next character
WINDOW = 100


def load_text(directory, model):
    """The spam samples' word ids and labels, as the Java side wrote them (raw little-endian, 256 ids a mail), or
    Moby Dick's windows of 100 character ids and each step's next character."""
    width = WINDOW if model in LANGUAGE else 256

    def ids(name):
        return torch.from_numpy(np.fromfile(os.path.join(directory, name), dtype="<f4").reshape(-1, width).astype(np.int64))

    def labels(name):
        raw = np.fromfile(os.path.join(directory, name), dtype="<i4").astype(np.int64)
        return torch.from_numpy(raw.reshape(-1, WINDOW) if model in LANGUAGE else raw)

    return ids("train_ids.f32"), labels("train_labels.i32"), ids("test_ids.f32"), labels("test_labels.i32")


def load(model, limit):
    n = limit if limit > 0 else None
    xs = idx("train-images-idx3-ubyte.gz")[:n].astype(np.float32) / 255.0
    ys = idx("train-labels-idx1-ubyte.gz")[:n].astype(np.int64)
    xt = idx("t10k-images-idx3-ubyte.gz")[:n].astype(np.float32) / 255.0
    yt = idx("t10k-labels-idx1-ubyte.gz")[:n].astype(np.int64)
    mean, std = xs.mean(), xs.std()
    xs, xt = (xs - mean) / std, (xt - mean) / std
    xs, xt = xs[:, None], xt[:, None]
    if model == "resnet18":  # the resnet18 sample: padded to 32x32 with standardized black, grey repeated x3
        black = (0 - mean) / std
        xs = np.repeat(np.pad(xs, ((0, 0), (0, 0), (2, 2), (2, 2)), constant_values=black), 3, axis=1)
        xt = np.repeat(np.pad(xt, ((0, 0), (0, 0), (2, 2), (2, 2)), constant_values=black), 3, axis=1)
    return torch.from_numpy(np.ascontiguousarray(xs)), torch.from_numpy(ys), \
        torch.from_numpy(np.ascontiguousarray(xt)), torch.from_numpy(yt)


class MnistCnn(nn.Module):  # samples/MnistCnn.java
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 7 * 7, 100)
        self.logits = nn.Linear(100, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv2(F.relu(self.conv1(x)))), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return self.logits(F.relu(self.fc1(torch.flatten(x, 1))))


def keras_mlp():  # samples/KerasMlp.java
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))


class ResNet18(nn.Module):  # samples/ResNet18.java
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, cin = [], 64
        for width, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers.append(nn.Sequential(BasicBlock(cin, width, stride), BasicBlock(width, width, 1)))
            cin = width
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(512, 10)

    def forward(self, x):
        x = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(x, 1), 1))


def sinusoids(length, features):
    p = torch.arange(length, dtype=torch.float64).unsqueeze(1)
    i = torch.arange(features, dtype=torch.float64)
    angle = p / torch.pow(10000.0, (i - i % 2) / features)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float()


class SpamTransformer(nn.Module):  # samples/SpamTransformer.java
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.register_buffer("positions", sinusoids(256, 32), persistent=False)
        self.encoder = nn.TransformerEncoderLayer(32, 2, 32, 0.1, batch_first=True)
        self.pool_drop = nn.Dropout(0.1)
        self.hidden = nn.Linear(32, 20)
        self.drop = nn.Dropout(0.1)
        self.out = nn.Linear(20, 2)

    def forward(self, ids):
        pad = ids == 0
        x = self.encoder(self.embed(ids) + self.positions, src_key_padding_mask=pad & ~pad.all(1, keepdim=True))
        mask = (~pad).unsqueeze(-1).float()
        x = (x * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.out(self.drop(F.relu(self.hidden(self.pool_drop(x)))))


class MobyLstm(nn.Module):  # samples/MobyDickLstm.java
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(82, 32, padding_idx=0)
        self.rnn = nn.LSTM(32, 256, batch_first=True)
        self.next = nn.Linear(256, 82)

    def forward(self, ids, state=None):
        y, state = self.rnn(self.embed(ids), state)
        self.state = state
        return self.next(y)


class MobyTransformer(nn.Module):  # samples/MobyDickTransformer.java
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(82, 64, padding_idx=0)
        self.positions = nn.Embedding(WINDOW, 64)
        layer = nn.TransformerEncoderLayer(64, 4, 256, 0.1, batch_first=True, norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(64)
        self.next = nn.Linear(64, 82)

    def forward(self, ids):
        length = ids.shape[1]
        causal = torch.triu(torch.full((length, length), float("-inf")), 1)
        x = self.embed(ids) + self.positions.weight[:length]
        return self.next(self.norm(self.blocks(x, mask=causal)))


def generate(model, characters, rounds, stateful):
    """Characters per second of sampling after a 1-character prompt at temperature 0.8, the best of the rounds after a
    warm-up round: the whole window (the last 100 characters) run again for each character, as a model without a cache
    of keys and values must; with stateful (the LSTM), one step a character from the carried (h, c)."""
    model.eval()
    best = 0.0
    with torch.no_grad():
        for r in range(rounds + 1):
            gen = torch.Generator().manual_seed(r)
            ids = [1]
            t0 = time.perf_counter()
            state = None
            for _ in range(characters):
                if stateful:
                    logits = model(torch.tensor([ids[-1:]]), state)[0, -1]
                    state = model.state
                else:
                    logits = model(torch.tensor([ids[-WINDOW:]]))[0, -1]
                p = torch.softmax(logits / 0.8, 0)
                ids.append(int(torch.multinomial(p, 1, generator=gen)))
            if r > 0:
                best = max(best, characters / (time.perf_counter() - t0))
    return best


def blas():
    """The BLAS library this process loaded (Debian's torch calls libblas.so.3, chosen by update-alternatives)."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            base = os.path.basename(path)
            if "blas" in base or "mkl" in base or "openblas" in path:
                libs.add(os.path.realpath(path))
    return sorted(libs)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, choices=["cnn", "mlp", "resnet18", *TEXT])
    p.add_argument("--data", help="the text models' word ids, written by PerformanceBenchmark")
    p.add_argument("--batches", default="64,256")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--steps", type=int, default=0)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--epoch", action="store_true")
    p.add_argument("--inference", action="store_true")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--generate", type=int, default=0, help="a language model: characters/s of sampling this many")
    p.add_argument("--rounds", type=int, default=3)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    if a.generate > 0:  # speed does not depend on what the weights learned: untrained, as GenerationBenchmark's
        model = {"moby-lstm": MobyLstm, "moby-transformer": MobyTransformer}[a.model]()
        result = {"variant": "pytorch", "model": a.model, "window_chars_per_s": generate(model, a.generate, a.rounds, False)}
        if a.model == "moby-lstm":
            result["state_chars_per_s"] = generate(model, a.generate, a.rounds, True)
        print(json.dumps(result))
        return 0
    xs, ys, xt, yt = load_text(a.data, a.model) if a.model in TEXT else load(a.model, a.limit)
    gen = torch.Generator().manual_seed(a.seed)
    result = {"variant": "pytorch", "model": a.model, "torch": torch.__version__, "threads": torch.get_num_threads()}
    batches = [int(b) for b in a.batches.split(",")]
    for batch in batches:
        model = {"cnn": MnistCnn, "mlp": keras_mlp, "resnet18": ResNet18, "textcnn": SpamTextCnn,
                 "embedding": SpamEmbedding, "lstm": SpamLstm,
                 "transformer": SpamTransformer, "moby-lstm": MobyLstm, "moby-transformer": MobyTransformer}[a.model]()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        result["parameters"] = sum(t.numel() for t in model.parameters())

        def step(idx):
            opt.zero_grad(set_to_none=True)
            logits = model(xs[idx])
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), ys[idx].reshape(-1))
            loss.backward()
            opt.step()
            return loss

        model.train()
        for _ in range(a.warmup):
            step(torch.randint(0, len(xs), (batch,), generator=gen))
        timed = [torch.randint(0, len(xs), (batch,), generator=gen) for _ in range(a.steps)]
        t0 = time.perf_counter()
        for b in timed:
            step(b)
        result["train_samples_per_s_%d" % batch] = a.steps * batch / (time.perf_counter() - t0)
    if a.epoch:
        t0 = time.perf_counter()
        perm = torch.randperm(len(xs), generator=gen)
        for i in range(0, len(xs), batches[-1]):
            step(perm[i:i + batches[-1]])
        result["epoch_s"] = time.perf_counter() - t0
    if a.inference or a.epoch:
        model.eval()
        with torch.no_grad():
            model(xt[:1024])
            rates = []
            for _ in range(INFERENCE_PASSES):
                t0 = time.perf_counter()
                correct = 0
                for i in range(0, len(xt), 256):
                    correct += int((model(xt[i:i + 256]).argmax(-1) == yt[i:i + 256]).sum())
                rates.append(len(xt) / (time.perf_counter() - t0))
            result["inference_samples_per_s"] = sorted(rates)[len(rates) // 2]
            result["test_accuracy"] = correct / yt.numel()  # a language model: of every step's next character
            rates = []
            for _ in range(INFERENCE_PASSES if a.model not in LANGUAGE else 0):  # NetForge's are per sample only
                t0 = time.perf_counter()
                probabilities = [torch.softmax(model(xt[i:i + 256]), -1) for i in range(0, len(xt), 256)]
                rates.append(sum(len(p) for p in probabilities) / (time.perf_counter() - t0))
            if rates:
                result["probabilities_samples_per_s"] = sorted(rates)[len(rates) // 2]
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["blas"] = blas()
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
