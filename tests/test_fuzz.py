"""Fuzzing: mutated samples (damaged zip members and XML, flipped PDF bytes) only ever give a
record or a documented error class. A bounded run here; benchmarks/fuzz.py runs for minutes."""
import random
import signal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.errors import ExtractorError
from extractor.pipeline import extract_file
from extractor.report import Report

from mutate import mutated


class _Slow(Exception):
    pass


def _alarm(signum, frame):
    raise _Slow()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_samples_give_a_record_or_a_documented_error(tmp_path, seed):
    suffix, data = mutated(random.Random(seed))
    path = tmp_path / f"fuzz-{seed}{suffix}"
    path.write_bytes(data)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        result = extract_file(path)
        assert isinstance(result, Report)
    except ExtractorError as e:
        assert 2 <= e.exit_code <= 8 and e.one_line()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
