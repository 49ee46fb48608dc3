"""The clock and the report reader on random and mutated input: a result or their own error."""

import datetime
import io
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.rules.calendar_seed import package_calendar
from gongkai.rules.clock import CHANNELS, EVENT_TYPES, ClockError, compute, from_json
from gongkai.rules.reader import ReaderError, read_report
from gongkai.rules.reader.synth import random_tables, render_html, render_text

CAL = package_calendar()
FAST = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))

# --- the clock --------------------------------------------------------------------------------

dates = st.dates(datetime.date(2018, 1, 1), datetime.date(2030, 12, 31)).map(str)
noise = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    dates,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
events = st.fixed_dictionaries(
    {"type": st.sampled_from(EVENT_TYPES), "on": dates},
    optional={
        "deadline": st.one_of(dates, noise),
        "workdays": st.one_of(st.integers(-5, 60), noise),
        "note": st.text(max_size=10),
    },
)
cases = st.fixed_dictionaries(
    {"channel": st.sampled_from(sorted(CHANNELS)), "submitted_on": dates},
    optional={
        "received_on": st.one_of(dates, st.none()),
        "events": st.lists(events, max_size=8),
        "as_of": dates,
        "fee_window_pauses": st.booleans(),
    },
)


def _mutate(data, rnd: random.Random):
    """Replace a random value somewhere in ``data`` by junk, or drop/add a key."""
    junk = rnd.choice([None, "", "2024-02-30", "不是日期", -1, 10**20, [], {}, True, 1.5, "x" * 50])
    if isinstance(data, dict) and data:
        key = rnd.choice(list(data))
        action = rnd.random()
        if action < 0.3:
            data.pop(key)
        elif action < 0.4:
            data[f"extra{rnd.randint(0, 9)}"] = junk
        elif isinstance(data[key], dict | list) and data[key]:
            _mutate(data[key], rnd)
        else:
            data[key] = junk
    elif isinstance(data, list) and data:
        i = rnd.randrange(len(data))
        if isinstance(data[i], dict | list) and rnd.random() < 0.7:
            _mutate(data[i], rnd)
        else:
            data[i] = junk
    return data


def _clock(data) -> None:
    try:
        case = from_json(data, today=datetime.date(2026, 1, 1))
        result = compute(case, CAL)
    except ClockError as error:
        assert str(error)  # a message, in Chinese
        return
    assert result.state


@FAST
@given(cases)
def test_clock_on_generated_cases(data):
    _clock(data)


@FAST
@given(cases, st.randoms(use_true_random=False), st.integers(1, 4))
def test_clock_on_mutated_cases(data, rnd, times):
    for _i in range(times):
        data = _mutate(data, rnd)
    _clock(data)


@FAST
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200), noise))
def test_clock_on_random_input(data):
    _clock(data)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(cases, noise), st.randoms(use_true_random=False))
def test_clock_command_gives_json_or_exit_status_2(data, rnd):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    text = json.dumps(_mutate(data, rnd) if rnd.random() < 0.5 else data)
    if rnd.random() < 0.2:
        text = text[: rnd.randrange(len(text) + 1)]  # truncated
    out = io.StringIO()
    try:
        call_command("clock", "-", stdin=io.StringIO(text), stdout=out, compact=True)
    except CommandError as error:
        assert error.returncode == 2 and str(error)
        return
    assert "reply_due" in json.loads(out.getvalue())


# clock command reads the holiday table from the database
test_clock_command_gives_json_or_exit_status_2 = pytest.mark.django_db(
    test_clock_command_gives_json_or_exit_status_2
)

# --- the report reader ------------------------------------------------------------------------


def _read(data: bytes, name: str) -> None:
    try:
        result = read_report(data, name)
    except ReaderError as error:
        assert str(error)
        return
    assert result.format in ("2019", "2021")
    json.dumps(result.to_contract_json(), ensure_ascii=False)


def _report_text(seed: int, kind: str) -> str:
    rng = random.Random(seed)
    tables = random_tables(rng.choice(["2019", "2021"]), rng, year=rng.choice([2019, 2020, 2023]))
    if kind == "html":
        return render_html(tables)
    return render_text(tables, rng.choice(["seed", "pipe", "tab", "spaces", "run"]))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.integers(0, 10**6),
    st.sampled_from(["text", "html"]),
    st.randoms(use_true_random=False),
    st.integers(1, 12),
)
def test_reader_on_mutated_reports(seed, kind, rnd, edits):
    text = _report_text(seed, kind)
    chars = list(text)
    for _i in range(edits):
        if not chars:
            break
        at = rnd.randrange(len(chars))
        op = rnd.random()
        if op < 0.3:
            del chars[at : at + rnd.randint(1, 400)]  # cut a piece (a truncated page)
        elif op < 0.6:
            chars[at] = rnd.choice("0123456789一二三|<>\t \n-—，。%")
        elif op < 0.8:
            chars.insert(at, rnd.choice(["<table>", "</td>", "\x00", "\ufffd", "9" * 30, "-"]))
        else:
            j = rnd.randrange(len(chars))
            chars[at], chars[j] = chars[j], chars[at]
    data = "".join(chars).encode("utf-8", "surrogatepass")
    _read(data, f"report.{'html' if kind == 'html' else 'txt'}")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: ("政府信息公开" + t).encode("utf-8", "surrogatepass")),
        st.text(max_size=500).map(lambda t: f"<html><table><tr><td>{t}</td></tr></table>".encode()),
        st.binary(max_size=500).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b),
    ),
    st.sampled_from(["a.txt", "a.html", "a.pdf", "a.docx", "a", "a.xyz"]),
)
def test_reader_on_random_bytes(data, name):
    _read(data, name)
