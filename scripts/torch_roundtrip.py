#!/usr/bin/env python3
"""The PyTorch side of NetForge's weight-exchange round trip (docs/checkpoints.md).

Two of NetForge's samples written in PyTorch with the module names NetForge exports: the tutorial's residual
network for the 8x8 digits (DigitsResNet, torchvision's names), the embedding spam filter (SpamEmbedding:
nn.Embedding with padding_idx=0, the mean over the steps that are not padding, two nn.Linear) and the text CNN
(SpamTextCnn: nn.Conv1d(32, 64, 5, padding=2), the masked max over time), the recurrent one (SpamLstm:
nn.LSTM(32, 32, bidirectional=True) on packed sequences, both last states), the GRU one (SpamGru: nn.GRU(32, 32)
on packed sequences, the masked max over its states); and a minimal
safetensors reader/writer (json + struct, no extra package).

  torch_roundtrip.py [MODEL] export  WEIGHTS.safetensors INPUTS.f32 N PROBS.f32
      random weights and BatchNorm statistics (seeded) -> WEIGHTS; softmax of the model on INPUTS -> PROBS
  torch_roundtrip.py [MODEL] predict WEIGHTS.safetensors INPUTS.f32 N PROBS.f32
      load_state_dict(WEIGHTS, strict=True); softmax of the model on INPUTS -> PROBS

MODEL is digits-resnet (the default), spam-embedding, spam-cnn, spam-lstm, spam-gru, spam-windows (strided,
causal and valid convolutions and pooling over time with NetForge's masks), spam-transformer (nn.TransformerEncoderLayer
with sinusoidal positions and the padding as key_padding_mask) or spam-transformer-gelu (two pre-norm GELU layers). INPUTS and PROBS are raw little-endian float32 arrays
(N x 1 x 8 x 8 images or N x 256 token ids, and N x classes). Run with Debian's interpreter: /usr/bin/python3
(package python3-torch).
"""
import json
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
          "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8,
          "BOOL": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}


def save_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, t in tensors.items():
        data = t.detach().contiguous().cpu().numpy().tobytes()
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    header.pop("__metadata__", None)
    data = raw[8 + n:]
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=DTYPES[info["dtype"]]) if end > begin \
            else torch.empty(0, dtype=DTYPES[info["dtype"]])
        out[name] = t.reshape(info["shape"]).clone()
    return out


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class DigitsResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(1, 16, 3, 1, 1, bias=False)
        self.stem_bn = nn.BatchNorm2d(16)
        self.layer1 = nn.Sequential(BasicBlock(16, 16, 1))
        self.layer2 = nn.Sequential(BasicBlock(16, 32, 2))
        self.fc = nn.Linear(32, 10)

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        x = self.layer2(self.layer1(x))
        return self.fc(x.mean(dim=(2, 3)))


class SpamEmbedding(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.hidden = nn.Linear(32, 32)
        self.drop = nn.Dropout(0.3)
        self.out = nn.Linear(32, 2)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1).float()
        x = (self.embed(ids) * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.out(self.drop(F.relu(self.hidden(x))))


class SpamTextCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.conv = nn.Conv1d(32, 64, 5, padding=2)
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(64, 2)

    def forward(self, ids):
        mask = (ids != 0).unsqueeze(-1)
        x = F.relu(self.conv(self.embed(ids).transpose(1, 2))).transpose(1, 2)
        pooled = x.masked_fill(~mask, float("-inf")).max(1).values
        pooled = torch.where(mask.any(1), pooled, torch.zeros_like(pooled))
        return self.out(self.drop(pooled))


class SpamLstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.rnn = nn.LSTM(32, 32, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(64, 2)

    def forward(self, ids):
        # NetForge skips padding steps: packed sequences of each mail's words (padding is at the end)
        count = (ids != 0).sum(1)
        packed = nn.utils.rnn.pack_padded_sequence(
            self.embed(ids), count.clamp(min=1).cpu(), batch_first=True, enforce_sorted=False)
        _, (h, _) = self.rnn(packed)
        last = torch.cat([h[0], h[1]], 1) * (count > 0).unsqueeze(1).float()  # padding only: zeros
        return self.out(self.drop(last))


class SpamGru(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.rnn = nn.GRU(32, 32, batch_first=True)
        self.drop = nn.Dropout(0.5)
        self.out = nn.Linear(32, 2)

    def forward(self, ids):
        # every step's state of the packed words, zeros at padding (padding is at the end), then the masked max
        count = (ids != 0).sum(1)
        packed = nn.utils.rnn.pack_padded_sequence(
            self.embed(ids), count.clamp(min=1).cpu(), batch_first=True, enforce_sorted=False)
        y, _ = self.rnn(packed)
        y, _ = nn.utils.rnn.pad_packed_sequence(y, batch_first=True, total_length=ids.shape[1])
        mask = (ids != 0).unsqueeze(-1)
        pooled = y.masked_fill(~mask, float("-inf")).max(1).values
        pooled = torch.where(mask.any(1), pooled, torch.zeros_like(pooled))
        return self.out(self.drop(pooled))


class SpamWindows(nn.Module):
    """NetForge's SpamWindows test model: strided, causal and valid convolutions and max pooling over time on a padded
    text, with NetForge's masks (a convolution reads padding steps as zeros; the mask shrinks with the sequence)."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.conv = nn.Conv1d(32, 32, 5, stride=2, padding=2)
        self.causal = nn.Conv1d(32, 32, 2)
        self.valid = nn.Conv1d(32, 16, 3)
        self.out = nn.Linear(16, 2)

    def forward(self, ids):
        m = (ids != 0).float()
        x = F.relu(self.conv((self.embed(ids) * m.unsqueeze(-1)).transpose(1, 2)))  # [N, 32, 128]
        m = m[:, ::2]  # an output step is real where its centre step is
        x = F.max_pool1d(x.masked_fill(m.unsqueeze(1) == 0, float("-inf")), 4, ceil_mode=True)  # [N, 32, 32]
        m = F.max_pool1d(m.unsqueeze(1), 4, ceil_mode=True).squeeze(1)  # a window is real when any step is
        x = torch.where(m.unsqueeze(1) > 0, x, torch.zeros_like(x))
        x = torch.sigmoid(self.causal(F.pad(x * m.unsqueeze(1), (1, 0))))
        x = F.relu(self.valid(x * m.unsqueeze(1)))  # [N, 16, 30]
        m = m[:, 2:]  # a valid window is real when its last step is
        pooled = x.masked_fill(m.unsqueeze(1) == 0, float("-inf")).max(2).values
        pooled = torch.where((m > 0).any(1, keepdim=True), pooled, torch.zeros_like(pooled))
        return self.out(pooled)


def sinusoids(length, features):
    """Attention Is All You Need's positions, as NetForge's @PositionEmbedding(sinusoidal = true) computes them."""
    p = torch.arange(length, dtype=torch.float64).unsqueeze(1)
    i = torch.arange(features, dtype=torch.float64)
    angle = p / torch.pow(10000.0, (i - i % 2) / features)
    return torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float()


class SpamTransformer(nn.Module):
    """NetForge's SpamTransformer: nn.TransformerEncoderLayer(32, 2, 32) with the padding as key_padding_mask."""

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
        x = self.embed(ids) + self.positions
        # a text of padding only masks no key in NetForge (finite, never NaN); what its steps give is pooled away
        x = self.encoder(x, src_key_padding_mask=pad & ~pad.all(1, keepdim=True))
        mask = (~pad).unsqueeze(-1).float()
        x = (x * mask).sum(1) / mask.sum(1).clamp(min=1)
        return self.out(self.drop(F.relu(self.hidden(self.pool_drop(x)))))


class SpamGeluTransformer(nn.Module):
    """NetForge's SpamGeluTransformer (a test model): two pre-norm GELU encoder layers, the masked mean, a dense layer."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10000, 32, padding_idx=0)
        self.register_buffer("positions", sinusoids(256, 32), persistent=False)
        layer = nn.TransformerEncoderLayer(32, 2, 32, 0.1, activation="gelu", batch_first=True, norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
        self.out = nn.Linear(32, 2)

    def forward(self, ids):
        pad = ids == 0
        x = self.encoder(self.embed(ids) + self.positions, src_key_padding_mask=pad & ~pad.all(1, keepdim=True))
        mask = (~pad).unsqueeze(-1).float()
        return self.out((x * mask).sum(1) / mask.sum(1).clamp(min=1))


MODELS = {"spam-embedding": SpamEmbedding, "spam-cnn": SpamTextCnn, "spam-lstm": SpamLstm, "spam-gru": SpamGru,
          "spam-windows": SpamWindows, "spam-transformer": SpamTransformer, "spam-transformer-gelu": SpamGeluTransformer}


def main():
    args = sys.argv[1:]
    name = args.pop(0) if args[0] not in ("export", "predict") else "digits-resnet"
    mode, weights, inputs, n, probs = args[:5]
    torch.set_num_threads(1)
    with open(inputs, "rb") as f:
        x = torch.frombuffer(bytearray(f.read()), dtype=torch.float32)
    torch.manual_seed(7)
    if name in MODELS:
        x = x.reshape(int(n), 256).long()
        model = MODELS[name]()
    else:
        x = x.reshape(int(n), 1, 8, 8)
        model = DigitsResNet()
    if mode == "export":
        with torch.no_grad():
            for m in model.modules():
                if isinstance(m, nn.BatchNorm2d):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.2, 0.2)
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
                    m.num_batches_tracked.fill_(5)
        save_safetensors(weights, model.state_dict(), {"format": "pt"})
    elif mode == "predict":
        model.load_state_dict(load_safetensors(weights), strict=True)
    else:
        sys.exit("unknown mode " + mode)
    model.eval()
    with torch.no_grad():
        p = F.softmax(model(x), dim=1)
    with open(probs, "wb") as f:
        f.write(p.contiguous().numpy().astype("<f4").tobytes())
    print("torch", torch.__version__, mode, "ok")


if __name__ == "__main__":
    main()
