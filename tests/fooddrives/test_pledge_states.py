"""The state machine of a pledge's status: the table of allowed moves, and that no path can
change a status but through it."""

import ast
from pathlib import Path

import pytest

from events.fooddrives import services
from events.fooddrives.errors import IllegalTransition, PledgeError
from events.fooddrives.models import TRANSITIONS, Pledge, check_transition
from tests.fooddrives.admin_fixtures import make_drive, make_pledge

PLEDGED, RECEIVED, CANCELLED, NOT_BROUGHT = (
    Pledge.Status.PLEDGED,
    Pledge.Status.RECEIVED,
    Pledge.Status.CANCELLED,
    Pledge.Status.NOT_BROUGHT,
)

# The arrows, written out again here: a change to the table must be a change to this list.
ALLOWED = {
    (None, PLEDGED),
    (PLEDGED, RECEIVED),
    (PLEDGED, NOT_BROUGHT),
    (PLEDGED, CANCELLED),
    (NOT_BROUGHT, RECEIVED),  # a late arrival at the desk
    (NOT_BROUGHT, NOT_BROUGHT),  # the desk records again that nothing came
}
EVERY_MOVE = [(source, target) for source in [None, *Pledge.Status] for target in Pledge.Status]


def test_the_table_knows_every_status_and_received_and_cancelled_are_final():
    assert set(TRANSITIONS) == {None, *Pledge.Status}
    assert TRANSITIONS[RECEIVED] == set() and TRANSITIONS[CANCELLED] == set()


@pytest.mark.parametrize("source, target", sorted(ALLOWED, key=str))
def test_allowed_moves_pass(source, target):
    check_transition(source, target)


@pytest.mark.parametrize(
    "source, target", [move for move in EVERY_MOVE if move not in ALLOWED], ids=str
)
def test_every_other_move_is_refused_as_not_allowed(source, target):
    with pytest.raises(IllegalTransition) as error:
        check_transition(source, target)
    assert isinstance(error.value, PledgeError) and error.value.reason == "not_allowed"
    assert (error.value.current, error.value.target) == (source, target)


@pytest.fixture
def pledge(db):
    return make_pledge(make_drive())


def test_move_to_writes_the_status_and_when_and_refuses_a_move_from_a_final_status(pledge):
    pledge.move_to(CANCELLED)
    stored = Pledge.objects.get(pk=pledge.pk)
    assert stored.status == CANCELLED and stored.changed_at == pledge.changed_at
    with pytest.raises(IllegalTransition):
        pledge.move_to(RECEIVED)
    assert Pledge.objects.get(pk=pledge.pk).status == CANCELLED


def test_a_stale_copy_cannot_move_a_pledge_that_changed_meanwhile(pledge):
    stale = Pledge.objects.get(pk=pledge.pk)
    pledge.move_to(RECEIVED)
    with pytest.raises(IllegalTransition):
        stale.move_to(CANCELLED)  # pledged -> cancelled, but the row is received by now
    assert Pledge.objects.get(pk=pledge.pk).status == RECEIVED


def test_a_move_in_bulk_moves_only_the_pledges_in_its_source_status(db):
    drive = make_drive()
    open_pledge, cancelled = make_pledge(drive), make_pledge(drive)
    cancelled.move_to(CANCELLED)
    assert Pledge.objects.filter(drive=drive).move(PLEDGED, NOT_BROUGHT) == 1
    assert dict(Pledge.objects.values_list("pk", "status")) == {
        open_pledge.pk: NOT_BROUGHT,
        cancelled.pk: CANCELLED,
    }
    with pytest.raises(IllegalTransition):
        Pledge.objects.filter(drive=drive).move(CANCELLED, PLEDGED)


def test_a_status_cannot_be_written_behind_the_state_machines_back(pledge):
    with pytest.raises(IllegalTransition):
        Pledge.objects.filter(pk=pledge.pk).update(status=RECEIVED)
    pledge.status = RECEIVED
    with pytest.raises(IllegalTransition):
        pledge.save()
    pledge.refresh_from_db()
    assert pledge.status == PLEDGED
    pledge.drop_off_on = pledge.drop_off_on  # saving other fields is fine
    pledge.save()
    fields = {"drive": pledge.drive, "person": pledge.person, "point": pledge.point}
    with pytest.raises(IllegalTransition):
        Pledge.objects.create(**fields, drop_off_on=pledge.drop_off_on, status=RECEIVED)
    with pytest.raises(IllegalTransition):
        Pledge.objects.bulk_create(
            [Pledge(**fields, drop_off_on=pledge.drop_off_on, status=CANCELLED)]
        )
    assert Pledge.objects.get().status == PLEDGED


def test_the_services_refuse_what_the_table_refuses(pledge):
    line = pledge.lines.get()
    services.receive_pledge(pledge, {})
    assert Pledge.objects.get().status == NOT_BROUGHT
    services.receive_pledge(pledge, {})  # nothing again: still not brought
    with pytest.raises(PledgeError, match="not_allowed"):
        services.cancel_pledge(pledge)
    services.receive_pledge(pledge, {line.pk: 5})  # the late arrival
    assert Pledge.objects.get().status == RECEIVED
    with pytest.raises(PledgeError, match="not_allowed"):
        services.cancel_pledge(pledge)


def test_no_module_of_the_app_but_the_pledge_model_writes_a_status():
    """`.status = …`, or `status=` given to create, update or a model: only the state
    machine (`models/pledges.py`) does that."""
    root = Path(__file__).resolve().parents[2] / "events" / "fooddrives"
    writers = {"create", "update", "bulk_create", "get_or_create", "update_or_create", "Pledge"}
    wrong = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path == root / "models" / "pledges.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                    wrong.append(f"{path.relative_to(root)}:{node.lineno}")
            elif isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in writers and any(k.arg == "status" for k in node.keywords):
                    wrong.append(f"{path.relative_to(root)}:{node.lineno}")
    assert wrong == []
