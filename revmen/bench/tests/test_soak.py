"""The soak's bookkeeping: acknowledgements matched to stored rows, and the recovered rule."""

from __future__ import annotations

from revmen.bench.soak import (
    Sample,
    fault_times,
    judged_faults,
    last_line,
    match,
    percentile,
    recovered,
    seq_of,
    success_after,
)


def test_every_acknowledged_answer_stored_once_is_exact() -> None:
    result = match(acknowledged=[0, 1, 2], sent=[0, 1, 2, 3], stored=[2, 0, 1])
    assert result.exact
    assert (result.acknowledged, result.stored, result.duplicates, result.missing) == (3, 3, 0, 0)


def test_a_lost_acknowledgement_is_allowed_a_lost_answer_is_not() -> None:
    lost_ack = match(acknowledged=[0, 1], sent=[0, 1, 2], stored=[0, 1, 2])
    assert lost_ack.exact and lost_ack.stored == 3 and lost_ack.unacknowledged_stored == 1
    lost_answer = match(acknowledged=[0, 1, 2], sent=[0, 1, 2], stored=[0, 2])
    assert not lost_answer.exact and lost_answer.missing == 1


def test_an_acknowledged_answer_stored_twice_is_a_duplicate() -> None:
    result = match(acknowledged=[0, 1], sent=[0, 1], stored=[0, 1, 1])
    assert not result.exact
    assert (result.stored, result.duplicates) == (3, 1)


def test_a_stored_number_never_sent_is_not_exact() -> None:
    assert not match(acknowledged=[0], sent=[0], stored=[0, 7]).exact


def test_sequence_numbers_are_read_only_from_this_runs_answers() -> None:
    assert seq_of("soak-abc-12", "abc") == 12
    assert seq_of("soak-abd-12", "abc") is None
    assert seq_of("soak-abc-", "abc") is None
    assert seq_of("a real comment", "abc") is None
    assert seq_of(None, "abc") is None


def steady(start: float, end: float, ok_every: int = 0, step: float = 0.01) -> list[Sample]:
    """A request every ``step`` s; with ``ok_every`` n, every n-th one fails with a 500."""
    samples, i = [], 0
    while start + i * step < end:
        failed = ok_every and i % ok_every == 0
        samples.append(Sample(start + i * step, 500 if failed else 201, 0.005, i))
        i += 1
    return samples


def test_recovered_needs_99_percent_from_30_to_40_s_after_each_fault() -> None:
    # Failing right after the fault is fine; from 30 s on, 1 in 200 failing is still >= 99 %.
    samples = steady(10, 20, ok_every=1) + steady(20, 70, ok_every=200)
    assert success_after(samples, 10)[0] >= 0.99
    assert recovered(samples, [10], folded_in_time=True)
    # 1 in 50 failing (98 %) 30-40 s after the fault is not recovered.
    worse = steady(10, 40, ok_every=1) + steady(40, 50, ok_every=50) + steady(50, 70)
    assert not recovered(worse, [10], folded_in_time=True)
    # … and the other fault's window counts too.
    assert not recovered(samples + steady(70, 120, ok_every=50), [10, 60], folded_in_time=True)


def test_not_recovered_without_requests_after_the_fault_or_without_the_fold() -> None:
    assert not recovered(steady(0, 30), [10], folded_in_time=True)  # nothing at 40-50 s
    assert not recovered(steady(0, 100), [10], folded_in_time=False)


def test_transport_errors_and_5xx_are_errors_4xx_are_not() -> None:
    assert Sample(0, 0, 0).error and Sample(0, 502, 0).error
    assert not Sample(0, 410, 0).error and not Sample(0, 410, 0).ok


def test_percentile_and_the_last_line() -> None:
    values = [float(v) for v in range(1, 101)]
    assert (percentile(values, 0.5), percentile(values, 0.99)) == (50.0, 99.0)
    line = last_line(match([0, 1], [0, 1, 2], [0, 1, 2]), errors=4, is_recovered=True)
    assert line == "acknowledged 2, stored 3, duplicates 0, errors 4, recovered yes"


def test_a_fault_followed_by_another_within_40_s_is_judged_with_the_later_one() -> None:
    assert judged_faults([10, 20]) == [20]
    assert judged_faults([100, 300]) == [100, 300]
    # The kill's window (40-50 s) fails, but the restart at 20 s came first: the run is
    # judged 50-60 s, after both.
    samples = steady(0, 50, ok_every=2) + steady(50, 60)
    assert recovered(samples, [10, 20], folded_in_time=True)
    assert not recovered(samples, [10, 45], folded_in_time=True)


def test_the_faults_are_apart_enough_for_two_windows_in_long_runs() -> None:
    for seconds in (120, 180, 600):
        kill, restart = fault_times(seconds)
        assert judged_faults([kill, restart]) == [kill, restart]
        assert restart + 40 <= seconds
    kill, restart = fault_times(60)
    assert restart + 40 <= 60 and judged_faults([kill, restart]) == [restart]
