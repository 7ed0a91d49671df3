"""Completion rules, as pure functions of the course's rule and the trainer's marks."""

from events.courses.completion import ABSENT, LATE, MAKE_UP, PRESENT, CompletionRule, evaluate

ALL_THREE = CompletionRule(sessions=(1, 2, 3))


def test_all_sessions_rule_needs_every_session():
    assert evaluate(ALL_THREE, {1: PRESENT, 2: PRESENT, 3: PRESENT}).complete
    result = evaluate(ALL_THREE, {1: PRESENT, 2: ABSENT, 3: PRESENT})
    assert not result.complete
    assert result.attended == {1, 3}
    assert result.needed == 3


def test_late_counts_as_present():
    assert evaluate(ALL_THREE, {1: LATE, 2: PRESENT, 3: LATE}).complete


def test_no_marks_is_incomplete():
    assert not evaluate(ALL_THREE, {}).complete
    assert not evaluate(CompletionRule(sessions=()), {}).complete


def test_n_of_m_with_a_required_session():
    rule = CompletionRule(sessions=(1, 2, 3, 4), minimum=3, required=frozenset({1}))
    assert evaluate(rule, {1: PRESENT, 2: PRESENT, 4: LATE}).complete
    missing_required = evaluate(rule, {2: PRESENT, 3: PRESENT, 4: PRESENT})
    assert not missing_required.complete
    assert missing_required.missing_required == (1,)
    assert not evaluate(rule, {1: PRESENT, 2: PRESENT, 3: ABSENT}).complete


def test_a_minimum_above_the_number_of_sessions_means_all():
    rule = CompletionRule(sessions=(1, 2), minimum=5)
    assert rule.needed == 2
    assert evaluate(rule, {1: PRESENT, 2: PRESENT}).complete


def test_a_make_up_session_counts_for_the_session_it_replaces():
    rule = CompletionRule(sessions=(1, 2, 3), required=frozenset({2}), make_ups={9: 2})
    result = evaluate(rule, {1: PRESENT, 2: ABSENT, 3: PRESENT, 9: PRESENT})
    assert result.complete
    assert result.attended == {1, 2, 3}
    # Absent at the make-up too: still missing.
    assert not evaluate(rule, {1: PRESENT, 2: ABSENT, 3: PRESENT, 9: ABSENT}).complete


def test_a_make_up_session_is_not_a_session_of_its_own():
    rule = CompletionRule(sessions=(1, 2), minimum=2, make_ups={9: 1})
    # Attending the make-up for session 1 and session 1 itself is still one session.
    assert not evaluate(rule, {1: PRESENT, 9: PRESENT}).complete


def test_made_up_marked_on_the_session_itself_counts():
    assert evaluate(ALL_THREE, {1: PRESENT, 2: MAKE_UP, 3: PRESENT}).complete


def test_marks_of_unknown_sessions_are_ignored():
    assert not evaluate(ALL_THREE, {1: PRESENT, 2: PRESENT, 77: PRESENT}).complete


def test_the_make_up_is_what_counted_when_the_session_itself_was_missed():
    rule = CompletionRule(sessions=(1, 2), make_ups={9: 2})
    assert evaluate(rule, {1: PRESENT, 2: ABSENT, 9: LATE}).counted_by == {1: 1, 2: 9}
    assert evaluate(rule, {1: PRESENT, 2: PRESENT, 9: PRESENT}).counted_by == {1: 1, 2: 2}
