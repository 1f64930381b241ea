"""The early-warning rules (pure): missing entries, absence, and falling affect judged against
the batch's mean for the same prompt and the person's own trend, never an absolute level."""

from __future__ import annotations

from revmen.learning.earlywarning import (
    ABSENCE,
    FALLING,
    MISSING,
    Reason,
    Rules,
    early_warnings,
    falling,
    prompt_means,
    without_mood,
)

PEOPLE = [1, 2, 3, 4]
PROMPTS = [10, 20, 30]


def run(scores: dict[tuple[int, int], float], **kwargs: object) -> dict[int, list[Reason]]:
    answered: dict[int, set[int]] = {}
    for person, prompt in scores:
        answered.setdefault(person, set()).add(prompt)
    args: dict[str, object] = {
        "people": PEOPLE,
        "prompts": PROMPTS,
        "closed_prompts": PROMPTS,
        "answered": answered,
        "scores": scores,
        "absences": {},
    }
    args.update(kwargs)
    return early_warnings(**args)  # type: ignore[arg-type]


def steady(person_scores: dict[int, list[float]]) -> dict[tuple[int, int], float]:
    return {(p, PROMPTS[i]): s for p, ss in person_scores.items() for i, s in enumerate(ss)}


def test_it_flags_a_person_whose_mood_falls_against_the_batch_and_their_own_trend() -> None:
    scores = steady(
        {1: [0.5, 0.5, -0.4], 2: [0.4, 0.4, 0.4], 3: [0.3, 0.3, 0.3], 4: [0.4, 0.5, 0.4]}
    )
    found = run(scores)
    assert [r.code for r in found[1]] == [FALLING]
    assert set(found) == {1}


def test_a_session_that_saddens_everyone_flags_nobody() -> None:
    # Everyone drops on the last prompt by the same amount: relative to the batch, nobody falls.
    scores = steady({p: [0.5, 0.5, -0.5] for p in PEOPLE})
    assert run(scores) == {}


def test_a_person_who_always_writes_soberly_is_not_flagged() -> None:
    # Always far below the batch, but not falling against their own trend.
    scores = steady(
        {1: [-0.5, -0.5, -0.5], 2: [0.5, 0.5, 0.5], 3: [0.4, 0.4, 0.4], 4: [0.5, 0.5, 0.5]}
    )
    assert run(scores) == {}


def test_the_worked_example_of_the_docstring() -> None:
    scores = {(1, 10): 0.4, (1, 20): -0.4}
    means = {10: 0.2, 20: 0.1}
    reason = falling(1, [10, 20], scores, means, Rules())
    assert reason == Reason(FALLING, relative=-0.5, drop=0.7)


def test_prompts_with_too_few_entries_give_no_mean() -> None:
    assert prompt_means({(1, 10): 0.5, (2, 10): 0.1}, min_peers=3) == {}
    assert prompt_means({(1, 10): 0.6, (2, 10): 0.0, (3, 10): 0.3}, min_peers=3) == {10: 0.3}


def test_it_flags_no_entry_for_the_last_closed_prompts() -> None:
    scores = steady({p: [0.2, 0.2, 0.2] for p in (2, 3, 4)})
    scores[(1, 10)] = 0.2  # wrote the first only
    found = run(scores)
    assert found[1] == [Reason(MISSING, count=2)]
    # An open prompt does not count yet: with only the first closed, person 1 is fine.
    assert 1 not in run(scores, closed_prompts=[10])


def test_it_flags_absence_from_attendance() -> None:
    scores = steady({p: [0.2, 0.2, 0.2] for p in PEOPLE})
    found = run(scores, absences={3: 2, 4: 1})
    assert found == {3: [Reason(ABSENCE, count=2)]}


def test_those_who_may_not_read_entries_get_no_mood_reason() -> None:
    warnings = {
        1: [Reason(FALLING, relative=-0.5, drop=0.6)],
        2: [Reason(MISSING, count=2), Reason(FALLING, relative=-0.4, drop=0.5)],
    }
    assert without_mood(warnings) == {2: [Reason(MISSING, count=2)]}
