#!/usr/bin/env python3
"""The figures of scripts/bench: prints each as one line and keeps it for the JSON report.

    bench_report.py record RESULTS --name N --value V --unit U [--baseline-label L --baseline B]
                    [--faster] [--target T] [--note TEXT]
    bench_report.py harness RESULTS DIR      figures from the ordo-one harness's percentile files
    bench_report.py finish RESULTS JSON      writes the JSON report (figures and machine)

RESULTS is a file of JSON lines that the commands append to. A line reads
`name: value unit (baseline <label> <value> <unit>, ratio <r>x, target <t>)`.

Ratios: value / baseline, or baseline / value with --faster (how many times faster than the
baseline). A target ending in `x` applies to the ratio, any other to the value, in its unit.
"""

import argparse
import datetime
import glob
import json
import os
import platform
import re
import subprocess
import sys

# To nanoseconds for times, to plain counts for the rest.
UNIT_SCALE = {"ns": 1, "μs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9, "K": 1e3, "M": 1e6, "G": 1e9, "#": 1}
TARGET = re.compile(r"^\s*(<=|>=|<|>)\s*([0-9.]+)\s*(x?)\s*(.*)$")


def fmt(value):
    if value is None:
        return "?"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def check(target, value, ratio):
    """(met, applies_to) for a target like '<= 1.5x' or '< 0.5 s'."""
    if not target:
        return None, None
    match = TARGET.match(target)
    if not match:
        return None, None
    op, number, is_ratio, _ = match.groups()
    subject = ratio if is_ratio else value
    if subject is None:
        return None, "ratio" if is_ratio else "value"
    limit = float(number)
    met = {"<=": subject <= limit, ">=": subject >= limit, "<": subject < limit, ">": subject > limit}[op]
    return met, "ratio" if is_ratio else "value"


def record(results, name, value, unit, baseline_label=None, baseline=None, baseline_unit=None, faster=False,
           target=None, note=None):
    ratio = None
    if baseline is not None and value:
        ratio = baseline / value if faster else value / baseline
    met, applies = check(target, value, ratio)
    parts = []
    if baseline is not None:
        parts.append(f"baseline {baseline_label} {fmt(baseline)} {baseline_unit or unit}")
    if ratio is not None:
        parts.append(f"ratio {fmt(ratio)}x" + (" faster" if faster else ""))
    if target:
        parts.append(f"target {target}")
    line = f"{name}: {fmt(value)} {unit}"
    if parts:
        line += " (" + ", ".join(parts) + ")"
    if met is False:
        line += "  MISSED"
    print(line, flush=True)
    entry = {
        "name": name, "value": value, "unit": unit,
        "baseline": None if baseline is None else {"label": baseline_label, "value": baseline,
                                                   "unit": baseline_unit or unit},
        "ratio": ratio, "ratio_meaning": None if ratio is None else ("baseline/value" if faster else "value/baseline"),
        "target": target, "target_applies_to": applies, "met": met, "note": note, "line": line,
    }
    with open(results, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")


# MARK: The harness

def read_percentiles(directory):
    """{(benchmark, metric): {percentile: value}} from the harness's histogramPercentiles files."""
    found = {}
    for path in glob.glob(os.path.join(directory, "**", "*.histogram.percentiles.tsv"), recursive=True):
        base = os.path.basename(path)[: -len(".histogram.percentiles.tsv")]
        with open(path, encoding="utf-8") as handle:
            rows = [line.rstrip("\n").split("\t") for line in handle if line.strip()]
        header, rows = rows[0], rows[1:]
        title = header[1] if len(header) > 1 else ""
        # The harness scales what it prints: "(K) *" for thousands, "(μs) *" for microseconds.
        scale = 1.0
        unit = re.search(r"\(([^()]*)\)\s*\*?\s*$", title)
        if unit:
            scale = UNIT_SCALE.get(unit.group(1).strip(), 1.0)
        values = {int(p): float(v) * scale for p, v in rows}
        found[base] = {"header": title, "values": values}
    return found


def pick(found, benchmark, metric):
    """The percentiles of one benchmark's metric; file names are `<baseline>.<target>.<name>.<metric>`
    made shell-safe, so match on the shell-safe forms of name and metric."""
    def safe(text):
        return re.sub(r"[^A-Za-z0-9_.-]", "_", text)
    wanted_name, wanted_metric = safe(benchmark), safe(metric)
    for base, data in found.items():
        if wanted_name in safe(base) and safe(base).endswith(wanted_metric):
            return data["values"]
    raise SystemExit(f"bench_report: no harness figures for {benchmark!r} / {metric!r} in {sorted(found)}")


def harness(results, directory):
    found = read_percentiles(directory)
    calls, park = 200_000, 10_000  # as in Benchmarks/OnAirBenchmarks/OnAirBenchmarks.swift
    wall = "wallClock"

    setup = pick(found, "binding call setup", wall)[50]
    swift = (pick(found, f"binding call swift x{calls}", wall)[50] - setup) / calls
    c_call = (pick(found, f"binding call c x{calls}", wall)[50] - setup) / calls
    record(results, "synchronous binding call (time)", swift, "ns", "C function", c_call, target="<= 1.5x",
           note="median over harness runs of a loop of x = f(x), minus the same state with no calls")

    per_park = pick(found, f"park resume x{park}", wall)[50] / park / 1000
    record(results, "park/resume of an async binding", per_park, "us", target="<= 5 us",
           note="median; whole round trip of a call whose work finishes at once")

    thousand = pick(found, "1000 scripts awaiting 100 ms", wall)[50] / 1e9
    record(results, "1,000 scripts each awaiting a 100 ms call", thousand, "s", target="< 0.5 s",
           note="median wall time, each script in its own state")

    rss = pick(found, "memory per parked script", "rss bytes per parked script")[50] / 1024
    heap = pick(found, "memory per parked script", "lua heap bytes per parked script")[50] / 1024
    record(results, "memory per parked script (process RSS growth / 1,000)", rss, "KiB", target="<= 100 KiB",
           note="resident set growth from before 1,000 scripts start to all parked, divided by 1,000")
    record(results, "memory per parked script (Lua heap at park)", heap, "KiB", target="<= 100 KiB",
           note="collectgarbage('count') of each state when it parks, averaged")

    lateness = pick(found, "trigger fire lateness", "fire lateness us")
    early = pick(found, "trigger fire lateness", "early fires")[100]
    record(results, "fire lateness over 1,000 armed triggers (p50)", lateness[50] / 1000, "ms")
    record(results, "fire lateness over 1,000 armed triggers (p99)", lateness[99] / 1000, "ms", target="<= 10 ms")
    record(results, "fire lateness over 1,000 armed triggers (max)", lateness[100] / 1000, "ms")
    record(results, "early fires over 1,000 armed triggers", early, "fires", target="<= 0 fires")


# MARK: The report

def machine():
    def run(command):
        try:
            return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return None
    cpu = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal"):
                    memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    load = None
    try:
        load = open("/proc/loadavg", encoding="utf-8").read().split()[:3]
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "kernel": platform.release(),
        "swift": (run(["swift", "--version"]) or "").splitlines()[0] if run(["swift", "--version"]) else None,
        "load_average_at_end": load,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def finish(results, path):
    with open(results, encoding="utf-8") as handle:
        figures = [json.loads(line) for line in handle if line.strip()]
    report = {"machine": machine(), "figures": figures}
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        json.dump(report, out, indent=2)
        out.write("\n")
    missed = [f["name"] for f in figures if f["met"] is False]
    met = sum(1 for f in figures if f["met"] is True)
    print(f"targets: {met} met, {len(missed)} missed" + (": " + "; ".join(missed) if missed else ""))
    print(f"results: {path}")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("results")
    rec.add_argument("--name", required=True)
    rec.add_argument("--value", type=float, required=True)
    rec.add_argument("--unit", required=True)
    rec.add_argument("--baseline-label")
    rec.add_argument("--baseline", type=float)
    rec.add_argument("--baseline-unit")
    rec.add_argument("--faster", action="store_true")
    rec.add_argument("--target")
    rec.add_argument("--note")
    har = sub.add_parser("harness")
    har.add_argument("results")
    har.add_argument("directory")
    fin = sub.add_parser("finish")
    fin.add_argument("results")
    fin.add_argument("json")
    options = parser.parse_args()
    if options.command == "record":
        record(options.results, options.name, options.value, options.unit, options.baseline_label, options.baseline,
               options.baseline_unit, options.faster, options.target, options.note)
    elif options.command == "harness":
        harness(options.results, options.directory)
    else:
        finish(options.results, options.json)


if __name__ == "__main__":
    sys.exit(main())
