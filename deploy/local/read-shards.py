#!/usr/bin/env python3
"""Reads a `shards` job's output with Python's standard library only and checks it against its index.

Usage: read-shards.py DIR
  DIR holds a job's objects as stored under jobs/{jobId}/ (e.g. after `s3cmd sync s3://udpm/jobs/ID/ DIR/`):
  manifest.json, index.jsonl and tar/{first:06d}.tar.

Checks: every tar shard's sha256 and sample count against the manifest; every sample of every tar (members
{index:08d}.cls when labelled, .json, .png, in that order) against its index.jsonl line: member name, label,
PNG sha256 and size, and the .json member equal to the line; as many samples as the job asked for, each once.
Prints "<n> samples in <m> shards verified" and exits 0, or prints what is wrong and exits 1.
"""
import hashlib
import json
import os
import sys
import tarfile


def fail(message):
    print("read-shards: " + message, file=sys.stderr)
    sys.exit(1)


def main(directory):
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    prefix = "jobs/" + manifest["jobId"] + "/"
    count = manifest["request"]["count"]
    with open(os.path.join(directory, "index.jsonl"), encoding="utf-8") as f:
        index = [json.loads(line) for line in f]
    if [line["index"] for line in index] != list(range(count)):
        fail("index.jsonl has %d lines, not the indices 0..%d in order" % (len(index), count - 1))
    shards = manifest["tarShards"]
    if sum(shard["count"] for shard in shards) != count:
        fail("the manifest's tar shards hold %d samples, the job %d" % (sum(s["count"] for s in shards), count))
    seen = 0
    for shard in shards:
        path = os.path.join(directory, shard["key"][len(prefix):])
        with open(path, "rb") as f:
            data = f.read()
        if hashlib.sha256(data).hexdigest() != shard["sha256"] or len(data) != shard["size"]:
            fail(shard["key"] + ": sha256 or size differs from the manifest")
        with tarfile.open(path, mode="r:") as tar:
            members = tar.getmembers()
            samples = {}
            order = []
            for member in members:
                if not member.isfile() or member.mtime != 0 or member.uid != 0 or member.gid != 0:
                    fail("%s: member %s is not a plain file of mtime 0, uid 0, gid 0" % (shard["key"], member.name))
                key, extension = member.name.split(".", 1)
                if key not in samples:
                    samples[key] = {}
                    order.append(key)
                samples[key][extension] = tar.extractfile(member).read()
        if len(order) != shard["count"]:
            fail("%s holds %d samples, the manifest says %d" % (shard["key"], len(order), shard["count"]))
        for position, key in enumerate(order):
            line = index[shard["first"] + position]
            sample = samples[key]
            if line["key"] != shard["key"] or line["member"] != key + ".png":
                fail("sample %s of %s is listed as %s in %s" % (key, shard["key"], line["member"], line["key"]))
            png = sample["png"]
            if hashlib.sha256(png).hexdigest() != line["sha256"] or len(png) != line["size"]:
                fail(key + ".png: sha256 or size differs from index.jsonl")
            if not png.startswith(b"\x89PNG\r\n\x1a\n"):
                fail(key + ".png is not a PNG")
            label = int(sample["cls"]) if "cls" in sample else None
            if label != line["label"]:
                fail("%s: .cls says %s, index.jsonl %s" % (key, label, line["label"]))
            if json.loads(sample["json"]) != line:
                fail(key + ".json differs from its index.jsonl line")
            seen += 1
    if seen != count:
        fail("%d samples read, the job made %d" % (seen, count))
    print("%d samples in %d shards verified" % (seen, len(shards)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(sys.argv[1])
