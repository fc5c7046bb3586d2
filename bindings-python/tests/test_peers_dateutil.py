"""Recurrence rules against python-dateutil's ``rrule``.

Random RFC 5545 rules from a fixed seed, each built around a first start it must match
(every FREQ from YEARLY to HOURLY; INTERVAL; BYMONTH; BYMONTHDAY, BYYEARDAY and
BYWEEKNO counted from either end; BYDAY with ordinals from either end where RFC 5545
allows them, so -5MO monthly and -53MO yearly among them; BYSETPOS; BYHOUR and
BYMINUTE; COUNT or UNTIL), expanded by callwise (a routine in UTC, so that no daylight
saving moves a block) and by dateutil from that first start, up to 60 occurrences or a
horizon of some hundreds of the rule's periods. They must give the same instants.

Building each rule around an occurrence keeps every rule recurring, so dateutil never
searches to the year 9999 for an occurrence that never comes. Left out, because dateutil
gets them wrong: a BYDAY list mixing plain weekdays and ordinals (``MO,-1FR``), which
dateutil intersects where RFC 5545 (and callwise) take the union (the bug of its
JavaScript port, jkbrzt/rrule#71). callwise refuses a few rules on purpose, with
InvalidRuleError: a -5 (monthly) or -53 (yearly) ordinal its rewriting cannot express
(with BYMONTHDAY, or with BYYEARDAY); their count is printed and bounded.
"""

from __future__ import annotations

import calendar
import datetime
import random

from dateutil.rrule import rrulestr  # type: ignore[import-untyped]  # no type information

import callwise
from callwise.routine import Routine

UTC = datetime.timezone.utc
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
FREQS = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"]
# How far each rule is expanded: some hundreds of its periods.
HORIZONS = {
    "YEARLY": datetime.timedelta(days=366 * 400),
    "MONTHLY": datetime.timedelta(days=366 * 60),
    "WEEKLY": datetime.timedelta(days=366 * 10),
    "DAILY": datetime.timedelta(days=366 * 2),
    "HOURLY": datetime.timedelta(days=40),
}


def listed(rng: random.Random, own: int, pool: list[int], extra: int) -> str:
    """`own` and up to `extra` more values of `pool`, sorted, as a rule list."""
    values = {own, *rng.sample(pool, rng.randint(0, extra))}
    return ",".join(str(v) for v in sorted(values))


def either_end(rng: random.Random, n: int, count: int) -> int:
    """`n` (1-based) counted from the start, or the same item from the end of `count`."""
    return n if rng.random() < 0.5 else n - count - 1


def random_rule(rng: random.Random) -> tuple[str, datetime.datetime]:
    """A rule and a first start that is one of its occurrences."""
    d = datetime.datetime(rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28))
    d = d.replace(day=rng.randint(1, calendar.monthrange(d.year, d.month)[1]))
    d += datetime.timedelta(hours=rng.choice([0, 8, 9, 13, 17]), minutes=rng.choice([0, 15, 30]))
    freq = rng.choice(FREQS)
    month_days = calendar.monthrange(d.year, d.month)[1]
    year_days = 366 if calendar.isleap(d.year) else 365
    yday = d.timetuple().tm_yday
    parts = [f"FREQ={freq}"]
    if rng.random() < 0.3:
        parts.append(f"INTERVAL={rng.randint(2, 4)}")
    by_month = rng.random() < (0.4 if freq == "YEARLY" else 0.15)
    if by_month:
        parts.append("BYMONTH=" + listed(rng, d.month, list(range(1, 13)), 2))
    days = False
    if freq != "WEEKLY" and rng.random() < 0.25:
        own = either_end(rng, d.day, month_days)
        parts.append("BYMONTHDAY=" + listed(rng, own, [x for x in range(-31, 32) if x], 2))
        days = True
    if freq == "YEARLY" and rng.random() < 0.15:
        own = either_end(rng, yday, year_days)
        parts.append("BYYEARDAY=" + listed(rng, own, [x for x in range(-366, 367) if x], 2))
        days = True
    iso_year, week, _ = d.isocalendar()
    week_no = freq == "YEARLY" and iso_year == d.year and rng.random() < 0.1
    if week_no:
        weeks = datetime.date(d.year, 12, 28).isocalendar()[1]
        parts.append("BYWEEKNO=" + listed(rng, either_end(rng, week, weeks), [1, 2, -1, 26], 1))
        days = True
    if rng.random() < 0.7:
        wd = DAYS[d.weekday()]
        if freq in ("YEARLY", "MONTHLY") and not week_no and rng.random() < 0.6:
            in_month = freq == "MONTHLY" or by_month
            day, count = (d.day, month_days) if in_month else (yday, year_days)
            own = either_end(rng, (day - 1) // 7 + 1, (count - day) // 7 + (day - 1) // 7 + 1)
            entries = [f"{own}{wd}"]
            for _ in range(rng.randint(0, 2)):
                entries.append(f"{rng.choice([-5, -2, -1, 1, 2, 5])}{rng.choice(DAYS)}")
        else:
            entries = [wd, *rng.sample(DAYS, rng.randint(0, 2))]
        parts.append("BYDAY=" + ",".join(dict.fromkeys(entries)))
        days = True
    set_pos = freq in ("YEARLY", "MONTHLY") and rng.random() < 0.15
    if freq != "HOURLY" and (set_pos or rng.random() < 0.2):
        parts.append("BYHOUR=" + listed(rng, d.hour, [8, 9, 12, 17], 1))
    if set_pos or rng.random() < 0.15:
        parts.append("BYMINUTE=" + listed(rng, d.minute, [0, 15, 30, 45], 1))
    if set_pos:
        if not days:
            parts.append(f"BYMONTHDAY={d.day}")
        # d's position in its whole period (a year or a month), from either end.
        begin = d.replace(month=1 if freq == "YEARLY" else d.month, day=1, hour=0, minute=0)
        span = (year_days if freq == "YEARLY" else month_days) * 86400
        whole = rrulestr(";".join(parts), dtstart=begin.replace(tzinfo=UTC)).between(
            begin.replace(tzinfo=UTC),
            begin.replace(tzinfo=UTC) + datetime.timedelta(seconds=span - 1),
            inc=True,
        )
        at = [t.replace(tzinfo=None) for t in whole].index(d)
        parts.append(f"BYSETPOS={either_end(rng, at + 1, len(whole))}")
    ending = rng.random()
    if ending < 0.3:
        parts.append(f"COUNT={rng.randint(1, 40)}")
    elif ending < 0.5:
        until = datetime.datetime(d.year + rng.randint(1, 30), rng.randint(1, 12), 1)
        parts.append("UNTIL=" + until.strftime("%Y%m%dT%H%M%SZ"))
    return ";".join(parts), d


def test_random_rules_expand_as_dateutil_expands_them() -> None:
    rng = random.Random(5545)
    compared = refused = occurrences = rewritten = 0
    disagreements = []
    for _ in range(1500):
        rule, first = random_rule(rng)
        horizon = HORIZONS[rule.split(";")[0][5:]]
        expected: list[datetime.datetime] = []
        for t in rrulestr(rule, dtstart=first.replace(tzinfo=UTC)):
            if len(expected) == 60 or t > first.replace(tzinfo=UTC) + horizon:
                break
            expected.append(t)
        assert expected[0] == first.replace(tzinfo=UTC), (rule, first)
        try:
            routine = Routine("custom", "r", "UTC", first, rule, 30)
        except callwise.InvalidRuleError as err:
            refused += 1
            if "not supported" not in err.reason:
                disagreements.append(f"{rule} from {first}: refused: {err.reason}")
            continue
        # blocks() takes [start, end): one second past the last instant dateutil read.
        last = expected[-1] if len(expected) == 60 else first.replace(tzinfo=UTC) + horizon
        end = last + datetime.timedelta(seconds=1)
        blocks = routine.blocks(expected[0], end)
        got = [b["start"] for b in blocks]
        want = [e.strftime("%Y-%m-%dT%H:%M:%SZ") for e in expected]
        compared += 1
        occurrences += len(want)
        by_day = next((p for p in rule.split(";") if p.startswith("BYDAY=")), "").split(",")
        rewritten += any(e.startswith(("BYDAY=-5", "-5", "BYDAY=-53", "-53")) for e in by_day)
        if got != want:
            disagreements.append(
                f"{rule} from {first}: callwise {len(got)} {got[:3]}..{got[-2:]}, "
                f"dateutil {len(want)} {want[:3]}..{want[-2:]}"
            )
    print(
        f"\n{compared} rules agree on {occurrences} occurrences ({rewritten} with a -5 or -53"
        f" ordinal); {refused} refused as not supported"
    )
    assert disagreements == []
    assert compared >= 1450
    assert refused <= 50


def test_the_ordinals_the_rrule_crate_refused() -> None:
    for rule, start in [
        ("FREQ=MONTHLY;BYDAY=-5MO;COUNT=12", datetime.datetime(2026, 3, 2, 10)),
        ("FREQ=YEARLY;BYDAY=-53MO;COUNT=6", datetime.datetime(2024, 1, 1, 9)),
        ("FREQ=YEARLY;BYDAY=-53FR,-53SA;COUNT=6", datetime.datetime(2021, 1, 1, 9)),
        ("FREQ=MONTHLY;BYDAY=-5MO,2TU;COUNT=10", datetime.datetime(2026, 3, 2, 10)),
    ]:
        expected = list(rrulestr(rule, dtstart=start.replace(tzinfo=UTC)))
        routine = Routine("custom", "r", "UTC", start, rule, 30)
        blocks = routine.blocks(expected[0], expected[-1] + datetime.timedelta(seconds=1))
        assert [b["start"] for b in blocks] == [
            e.strftime("%Y-%m-%dT%H:%M:%SZ") for e in expected
        ], rule
