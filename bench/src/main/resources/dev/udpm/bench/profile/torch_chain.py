"""The UDPM sampling chain of this project written in PyTorch: the same U-Net (block for block, same parameter
count) and the same 3-level chain with the exact posterior, for timing against the TensorFlow Java chain.

Driven by dev.udpm.bench.profile.TorchPeer over stdin/stdout:
  argv[1]  a JSON spec written by the bench: network config, schedule weights, image size
  stdout   "ready <parameters> <torch version>" once built, then one line per request
  stdin    "<mode> <batch>" (mode: eager | script = torch.jit.trace + freeze + optimize_for_inference) -> runs the chain once under no_grad, answers "<ms>" (time of the call)
           "quit" -> exits
Weights are random (seeded): the cost does not depend on them. Layout NCHW (PyTorch's native one)."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class GroupNormSiLU(nn.Module):
    def __init__(self, groups, channels, act):
        super().__init__()
        self.norm = nn.GroupNorm(groups, channels, eps=1e-5)
        self.act = act

    def forward(self, x):
        h = self.norm(x)
        return F.silu(h) if self.act else h


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb, groups):
        super().__init__()
        self.norm1 = GroupNormSiLU(groups, cin, True)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.emb = nn.Linear(emb, cout)
        self.norm2 = GroupNormSiLU(groups, cout, True)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, silu_emb):
        h = self.conv1(self.norm1(x))
        h = h + self.emb(silu_emb)[:, :, None, None]
        h = self.conv2(self.norm2(h))
        return (x if self.skip is None else self.skip(x)) + h


class Attention(nn.Module):
    def __init__(self, channels, groups):
        super().__init__()
        self.norm = GroupNormSiLU(groups, channels, False)
        self.q = nn.Conv2d(channels, channels, 1)
        self.k = nn.Conv2d(channels, channels, 1)
        self.v = nn.Conv2d(channels, channels, 1)
        self.proj = nn.Conv2d(channels, channels, 1)
        self.scale = 1.0 / math.sqrt(channels)

    def forward(self, x):
        n, c, hh, ww = x.shape
        h = self.norm(x)
        q = self.q(h).reshape(n, c, hh * ww).transpose(1, 2)
        k = self.k(h).reshape(n, c, hh * ww)
        v = self.v(h).reshape(n, c, hh * ww).transpose(1, 2)
        a = torch.softmax(torch.bmm(q, k) * self.scale, dim=-1)
        mixed = torch.bmm(a, v).transpose(1, 2).reshape(n, c, hh, ww)
        return x + self.proj(mixed)


class UNet(nn.Module):
    """Blocks in the order of the project's UNetPlan."""

    def __init__(self, cfg):
        super().__init__()
        ch_img = cfg["imageChannels"]
        base = cfg["baseWidth"]
        mult = cfg["channelMultipliers"]
        nres = cfg["resBlocksPerLevel"]
        groups = cfg["groupNormGroups"]
        attn = cfg["attentionAtLowest"]
        e = cfg["embeddingDim"]
        self.num_classes = cfg.get("numClasses", 0)
        self.e = e
        self.time0 = nn.Linear(e, e)
        self.time1 = nn.Linear(e, e)
        self.cls = nn.Linear(self.num_classes, e, bias=False) if self.num_classes > 0 else None
        width = [base * m for m in mult]
        k = len(mult)
        blocks, kinds = nn.ModuleList(), []
        skips = []
        ch = width[0]
        blocks.append(nn.Conv2d(ch_img, ch, 3, padding=1)); kinds.append(("in", True))
        skips.append(ch)
        for i in range(1, k + 1):
            w = width[i - 1]
            for _ in range(nres):
                a = attn and i == k
                blocks.append(ResBlock(ch, w, e, groups)); kinds.append(("res", not a))
                ch = w
                if a:
                    blocks.append(Attention(ch, groups)); kinds.append(("attn", True))
                skips.append(ch)
            if i < k:
                blocks.append(nn.Conv2d(ch, ch, 3, stride=2, padding=1)); kinds.append(("down", True))
                skips.append(ch)
        blocks.append(ResBlock(ch, ch, e, groups)); kinds.append(("res", False))
        if attn:
            blocks.append(Attention(ch, groups)); kinds.append(("attn", False))
        blocks.append(ResBlock(ch, ch, e, groups)); kinds.append(("res", False))
        for i in range(k, 0, -1):
            w = width[i - 1]
            for _ in range(nres + 1):
                s = skips.pop()
                blocks.append(ResBlock(ch + s, w, e, groups)); kinds.append(("rescat", False))
                ch = w
                if attn and i == k:
                    blocks.append(Attention(ch, groups)); kinds.append(("attn", False))
            if i > 1:
                blocks.append(nn.Conv2d(ch, ch, 3, padding=1)); kinds.append(("up", False))
        assert not skips
        self.blocks = blocks
        self.kinds = [kd for kd, _ in kinds]
        self.pushes = [p for _, p in kinds]
        self.out_norm = GroupNormSiLU(groups, ch, True)
        self.out_conv = nn.Conv2d(ch, 4 * ch_img, 3, padding=1)
        half = e // 2
        self.register_buffer("freqs", torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half))

    def embedding(self, t, labels):
        args = (t.reshape(-1, 1) * 1000.0) * self.freqs.reshape(1, -1)
        h = self.time1(F.silu(self.time0(torch.cat([torch.sin(args), torch.cos(args)], dim=1))))
        if self.cls is not None:
            one_hot = F.one_hot(labels, self.num_classes).float() * math.sqrt(self.num_classes)
            h = h + self.cls(one_hot)
        return h

    def forward(self, x, t, labels):
        silu_emb = F.silu(self.embedding(t, labels))
        skips = []
        h = x
        for block, kind, push in zip(self.blocks, self.kinds, self.pushes):
            if kind == "res":
                h = block(h, silu_emb)
            elif kind == "rescat":
                h = block(torch.cat([h, skips.pop()], dim=1), silu_emb)
            elif kind == "up":
                h = block(F.interpolate(h, scale_factor=2, mode="nearest"))
            else:
                h = block(h)
            if push:
                skips.append(h)
        return F.pixel_shuffle(self.out_conv(self.out_norm(h)), 2)


def h_transpose(y):
    return F.interpolate(y, scale_factor=2, mode="nearest") * 0.5


def h_apply(x):
    return F.avg_pool2d(x, 2) * 2.0


class Chain(nn.Module):
    """x_L = scale e_L; for l = L..2: f = net(x_l); x_{l-1} = posterior draw; x_0 = net(x_1); clamp."""

    def __init__(self, spec):
        super().__init__()
        self.net = UNet(spec["network"])
        self.levels = spec["levels"]
        self.prior_scale = spec["priorScale"]
        self.times = spec["timeConditions"]          # index l - 1
        self.weights = spec["posteriorWeights"]      # index l - 2 for l = 2..L: [hx, f, z, qf, qz]

    def forward(self, latents, labels):
        # latents[l - 1] is e_l, NCHW
        n = labels.shape[0]
        x = latents[self.levels - 1] * self.prior_scale
        for l in range(self.levels, 0, -1):
            t = torch.full((n,), self.times[l - 1])
            f = self.net(x, t, labels)
            if l > 1:
                hx, wf, wz, qf, qz = self.weights[l - 2]
                z = latents[l - 2]
                nxt = h_transpose(x) * hx + f * wf + z * wz
                if qf != 0.0 or qz != 0.0:
                    nxt = nxt + h_transpose(h_apply(f * qf + z * qz))
                x = nxt
            else:
                x = f
        return torch.clamp(x, -1.0, 1.0)


def main():
    spec = json.load(open(sys.argv[1]))
    torch.manual_seed(spec.get("seed", 0))
    torch.set_num_threads(spec.get("threads", 2))
    chain = Chain(spec).eval()
    params = sum(p.numel() for p in chain.parameters())
    size, c, levels = spec["imageSize"], spec["network"]["imageChannels"], spec["levels"]
    inputs, scripted = {}, {}

    def batch_inputs(n):
        if n not in inputs:
            g = torch.Generator().manual_seed(n)
            lat = [torch.randn(n, c, size >> l, size >> l, generator=g) for l in range(1, levels + 1)]
            inputs[n] = (lat, torch.arange(n) % max(1, spec["network"].get("numClasses", 1)))
        return inputs[n]

    print("ready %d %s" % (params, torch.__version__), flush=True)
    with torch.no_grad():
        for line in sys.stdin:
            parts = line.split()
            if not parts or parts[0] == "quit":
                break
            mode, n = parts[0], int(parts[1])
            lat, labels = batch_inputs(n)
            if mode == "script":
                if n not in scripted:
                    # trace + freeze + PyTorch's inference rewrites (oneDNN convolutions, folded constants)
                    scripted[n] = torch.jit.optimize_for_inference(
                        torch.jit.freeze(torch.jit.trace(chain, (lat, labels), check_trace=False)))
                fn = scripted[n]
            elif mode == "eager":
                fn = chain
            else:
                print("error unknown mode " + mode, flush=True)
                continue
            start = time.perf_counter()
            fn(lat, labels)
            print("%.4f" % ((time.perf_counter() - start) * 1000.0), flush=True)


if __name__ == "__main__":
    main()
