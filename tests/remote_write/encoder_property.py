#!/usr/bin/python3
"""Property test of the remote write encoder against the reference decoding: random samples
(names, label sets with Unicode, escapes and invalid UTF-8 replaced, extreme and special
values, negative and huge timestamps) go through encode_tool, come back through python-snappy
and Google's protobuf runtime, and must match what the encoder was asked to write:
labels sorted by name with __name__, empty ones left out, extra labels where the series has
none of its own, one sample each, duplicates (same labels and timestamp) kept once.
Usage: encoder_property.py ENCODE_TOOL [CASES] [SEED]"""
import json
import math
import random
import subprocess
import sys

import snappy

from prompb import WriteRequest

ALPHABET = "abcXYZ_019 \"\\\n{}=,é€😀\u0000"


def random_text(rng, allow_empty=True):
    length = rng.randint(0 if allow_empty else 1, 12)
    return "".join(rng.choice(ALPHABET) for _ in range(length))


def random_name(rng):
    first = rng.choice("abcxyz_")
    return first + "".join(rng.choice("abcxyz_019") for _ in range(rng.randint(0, 10)))


def random_value(rng):
    kind = rng.random()
    if kind < 0.05:
        return rng.choice(["NaN", "+Inf", "-Inf"])
    if kind < 0.15:
        return rng.choice([0.0, -0.0, 1e308, -1e308, 5e-324, 2.0**53 + 1])
    return rng.uniform(-1e12, 1e12)


def random_case(rng):
    extra = {}
    for _ in range(rng.randint(0, 3)):
        extra[random_name(rng)] = random_text(rng, allow_empty=False)
    samples = []
    for _ in range(rng.randint(0, 40)):
        labels = {}
        for _ in range(rng.randint(0, 5)):
            labels[random_name(rng)] = random_text(rng)
        if extra and rng.random() < 0.3:  # a series carrying an extra label itself
            labels[rng.choice(list(extra))] = random_text(rng)
        samples.append({"name": random_name(rng), "labels": [[k, v] for k, v in labels.items()],
                        "value": random_value(rng),
                        "ts": rng.choice([0, -1, 2**62, rng.randint(-2**40, 2**45)])})
    if samples and rng.random() < 0.3:
        samples.append(dict(samples[0]))  # an exact duplicate: must be written once
    return {"extra": extra, "samples": samples}


def expected(case):
    out, seen = [], set()
    for sample in case["samples"]:
        # An empty value is no label (Prometheus has none); an extra one then takes its place.
        labels = {k: v for k, v in sample["labels"] if v}
        for key, value in case["extra"].items():
            labels.setdefault(key, value)
        labels["__name__"] = sample["name"]
        pairs = tuple(sorted(labels.items()))
        if (pairs, sample["ts"]) in seen:
            continue
        seen.add((pairs, sample["ts"]))
        value = sample["value"]
        value = {"NaN": math.nan, "+Inf": math.inf, "-Inf": -math.inf}.get(value, value)
        out.append((pairs, value, sample["ts"]))
    return out


def same_value(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == b and math.copysign(1, a) == math.copysign(1, b)


def check(tool, case):
    body = subprocess.run([tool], input=json.dumps(case).encode(), capture_output=True,
                          check=True).stdout
    request = WriteRequest()
    request.ParseFromString(snappy.uncompress(body))
    if request.UnknownFields() if hasattr(request, "UnknownFields") else False:
        return "unknown fields in the WriteRequest"
    want = expected(case)
    if len(request.timeseries) != len(want):
        return f"{len(request.timeseries)} series, expected {len(want)}"
    for series, (pairs, value, ts) in zip(request.timeseries, want):
        got = tuple((label.name, label.value) for label in series.labels)
        if got != pairs:
            return f"labels {got} != {pairs}"
        if len(series.samples) != 1:
            return f"{len(series.samples)} samples in one series"
        sample = series.samples[0]
        if sample.timestamp != ts or not same_value(sample.value, value):
            return f"sample ({sample.value}, {sample.timestamp}) != ({value}, {ts})"
    return None


def main():
    tool = sys.argv[1]
    cases = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1 << 30)
    rng = random.Random(seed)
    failures = 0
    for index in range(cases):
        case = random_case(rng)
        problem = check(tool, case)
        if problem:
            failures += 1
            print(f"FAIL case {index} (seed {seed}): {problem}\n{json.dumps(case)[:2000]}")
            if failures >= 3:
                break
    print(f"encoder property: {cases - failures if not failures else 'stopped'} cases passed, "
          f"{failures} failed (seed {seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
