#!/usr/bin/env python3
"""Writes the DST golden tables the scheduling tests compare against.

The expected instants come from Python's zoneinfo (the IANA tz database), independently of the
Swift code: a fixed wall-clock time resolves with PEP 495 `fold=0`, which is exactly OnAir's DST
rule (a time in a gap is read with the offset before the jump, so it moves forward by the gap; a
repeated time takes its first occurrence), and elapsed-time triggers are found by brute force,
minute by minute, over UTC.

Usage: scripts/generate-dst-golden.py [OUTPUT_DIR]
       (default: Tests/OnAirEngineTests/Scheduling/Golden next to this script's repository)
"""

import os
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
FIRST_YEAR, LAST_YEAR = 2026, 2030
START = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
END = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)

# Per zone: the weekly/daily wall-clock times that fall in its gap and in its repeated interval.
ZONES = {
    "Europe/Berlin": {"gap": "02:30", "fold": "02:30"},
    "America/New_York": {"gap": "02:30", "fold": "01:30"},
    "Australia/Lord_Howe": {"gap": "02:15", "fold": "01:45"},
    "Asia/Tokyo": {"gap": "02:30", "fold": "02:30"},
}
# (expression, hours either side of each transition)
ELAPSED_CRONS = [("0 * * * *", 24), ("*/15 * * * *", 8), ("30 */2 * * *", 24)]
EVERY = [("90m", "2026-01-01T00:00:00Z"), ("1h", "2026-01-01T00:10:00Z")]
DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
MONTH_NAMES = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def offset_text(delta):
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def transitions(zone):
    """(instant, offset before, offset after) for every offset change in the years covered."""
    found = []
    moment = START
    previous = moment.astimezone(zone).utcoffset()
    while moment < END:
        following = moment + timedelta(hours=1)
        offset = following.astimezone(zone).utcoffset()
        if offset != previous:
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                if middle.astimezone(zone).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            found.append((high.replace(microsecond=0), previous, offset))
            previous = offset
        moment = following
    return found


def resolve_fixed(local, zone):
    """The instant of a fixed wall-clock time under the DST rule, and the adjustment text."""
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    instant = first.astimezone(UTC)
    shown = instant.astimezone(zone).replace(tzinfo=None)
    if shown != local:
        return instant, f"moved-forward {int((shown - local).total_seconds())}"
    later = second.astimezone(UTC)
    if later != instant:
        return instant, f"first-of-two {int((later - instant).total_seconds())}"
    return instant, "-"


def line(instant, zone, asked, adjustment):
    """`  UTC LOCAL+OFFSET`, then ` asked WALL-CLOCK ADJUSTMENT` when the DST rule moved it."""
    local = instant.astimezone(zone)
    text = f"  {utc_text(instant)} {local.strftime('%Y-%m-%dT%H:%M:%S')}{offset_text(local.utcoffset())}"
    if adjustment != "-":
        text += f" asked {asked.strftime('%Y-%m-%dT%H:%M:%S')} {adjustment}"
    return text


# --- cron, written independently of the Swift parser: just what the golden cases use ---

def cron_field(text, low, high, names=()):
    values = set()
    for item in text.split(","):
        base, _, step = item.partition("/")
        step = int(step) if step else 1
        if base == "*":
            first, last = low, high
        else:
            bounds = [names.index(b.upper()) + (1 if names is MONTH_NAMES else 0) if b.upper() in names else int(b)
                      for b in base.split("-")]
            first, last = bounds[0], bounds[-1]
            if len(bounds) == 1 and step != 1:
                last = high
        values.update(range(first, last + 1, step))
    return values


def parse_cron(text):
    minute, hour, dom, month, dow = text.split()
    return {
        "minute": cron_field(minute, 0, 59), "hour": cron_field(hour, 0, 23), "dom": cron_field(dom, 1, 31),
        "month": cron_field(month, 1, 12, MONTH_NAMES), "dow": {d % 7 for d in cron_field(dow, 0, 6, DAY_NAMES)},
        "dom_restricted": not dom.startswith("*"), "dow_restricted": not dow.startswith("*"),
        "fixed_hour": "*" not in hour and "/" not in hour,
    }


def cron_day(cron, date):
    if date.month not in cron["month"]:
        return False
    by_dom = date.day in cron["dom"]
    by_dow = (date.isoweekday() % 7) in cron["dow"]
    if cron["dom_restricted"] and cron["dow_restricted"]:
        return by_dom or by_dow
    return by_dom and by_dow


def fixed_times(days_and_times, zone, after, through):
    """Fixed wall-clock times (date, hour, minute) resolved by the DST rule; one per instant, the
    earliest wall-clock time asked for wins."""
    chosen = {}
    for local in days_and_times:
        instant, adjustment = resolve_fixed(local, zone)
        if after < instant <= through and (instant not in chosen or local < chosen[instant][0]):
            chosen[instant] = (local, adjustment)
    return [line(instant, zone, asked, adjustment) for instant, (asked, adjustment) in sorted(chosen.items())]


def local_days(after, through, zone):
    day = (after.astimezone(zone) - timedelta(days=2)).date()
    last = (through.astimezone(zone) + timedelta(days=2)).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def cron_lines(text, zone, after, through):
    cron = parse_cron(text)
    if cron["fixed_hour"]:
        candidates = [datetime(d.year, d.month, d.day, h, m) for d in local_days(after, through, zone)
                      if cron_day(cron, d) for h in sorted(cron["hour"]) for m in sorted(cron["minute"])]
        return fixed_times(candidates, zone, after, through)
    lines = []
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while moment <= through:
        local = moment.astimezone(zone)
        if cron_day(cron, local.date()) and local.hour in cron["hour"] and local.minute in cron["minute"]:
            asked = local.replace(tzinfo=None)
            lines.append(line(moment, zone, asked, "-"))
        moment += timedelta(minutes=1)
    return lines


def weekly_lines(day, time, zone, after, through):
    hour, minute = map(int, time.split(":"))
    candidates = [datetime(d.year, d.month, d.day, hour, minute) for d in local_days(after, through, zone)
                  if DAY_NAMES[d.isoweekday() % 7] == day.upper()]
    return fixed_times(candidates, zone, after, through)


def every_lines(interval, anchor, zone, after, through):
    units = {"m": 60, "h": 3600}
    step = timedelta(seconds=int(interval[:-1]) * units[interval[-1]])
    start = datetime.fromisoformat(anchor.replace("Z", "+00:00"))
    k = max(0, (after - start) // step + 1)
    while start + k * step <= after:
        k += 1
    lines = []
    while start + k * step <= through:
        moment = start + k * step
        lines.append(line(moment, zone, moment.astimezone(zone).replace(tzinfo=None), "-"))
        k += 1
    return lines


def window_text(after, through):
    return f"after {utc_text(after)} through {utc_text(through)}"


def golden(name):
    zone = ZoneInfo(name)
    spots = ZONES[name]
    changes = transitions(zone)
    out = [f"zone {name}"]
    for instant, before, after in changes:
        out.append(f"transition {utc_text(instant)} {offset_text(before)} {offset_text(after)}")
    # Windows around each transition; a zone without any uses Berlin's dates.
    centres = [c[0] for c in changes] or [c[0] for c in transitions(ZoneInfo("Europe/Berlin"))]

    def windows(hours):
        return [(c - timedelta(hours=hours), c + timedelta(hours=hours)) for c in centres]

    # at: wall-clock times around every transition (or the same dates in a zone without DST).
    for centre in centres:
        local_centre = centre.astimezone(zone).replace(tzinfo=None)
        base = local_centre.replace(minute=0, second=0)
        for delta in (-61, -31, -1, 0, 1, 14, 15, 29, 30, 31, 45, 59, 60, 61, 91):
            local = base + timedelta(minutes=delta)
            instant, adjustment = resolve_fixed(local, zone)
            out.append(f"case at \"{local.strftime('%Y-%m-%d %H:%M')}\"")
            out.append(line(instant, zone, local, adjustment))

    # weekly: every Sunday of the five years at a time in the gap and a time in the repeated interval.
    for time in sorted({spots["gap"], spots["fold"]}):
        out.append(f"case weekly \"sun {time}\" {window_text(START, END)}")
        out.extend(weekly_lines("sun", time, zone, START, END))

    # cron: fixed hour (DST rule) and wildcard or stepped hour (elapsed), around every transition.
    fixed = sorted({f"{t[3:]} {int(t[:2])} * * *" for t in (spots["gap"], spots["fold"])})
    fixed.append("0,30 1,2,3 * * *")
    for text, hours in [(f, 36) for f in fixed] + ELAPSED_CRONS:
        for after, through in windows(hours):
            out.append(f"case cron \"{text}\" {window_text(after, through)}")
            out.extend(cron_lines(text, zone, after, through))

    # every: elapsed intervals around every transition.
    for interval, anchor in EVERY:
        for after, through in windows(24):
            out.append(f"case every \"{interval}\" anchor {anchor} {window_text(after, through)}")
            out.extend(every_lines(interval, anchor, zone, after, through))
    return out


def tzdata_version():
    try:
        with open("/usr/share/zoneinfo/tzdata.zi") as handle:
            first = handle.readline().strip()
            return first.removeprefix("# version ").strip() or "unknown"
    except OSError:
        return "unknown"


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    output = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Tests/OnAirEngineTests/Scheduling/Golden")
    os.makedirs(output, exist_ok=True)
    for name in ZONES:
        lines = [
            f"# DST golden table for {name}, {FIRST_YEAR}-{LAST_YEAR}: generated by scripts/generate-dst-golden.py",
            f"# from Python zoneinfo (tzdata {tzdata_version()}). Do not edit; run the script again.",
            "# Occurrence lines: UTC instant and local wall clock with its offset; when the DST rule moved a",
            "# fixed wall-clock time, the time asked for and the adjustment (moved-forward GAP_SECONDS or",
            "# first-of-two REPEAT_SECONDS).",
        ] + golden(name)
        path = os.path.join(output, name.replace("/", "_") + ".txt")
        with open(path, "w") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
