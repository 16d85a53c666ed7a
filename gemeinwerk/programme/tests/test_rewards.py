"""The reward basket: what a facility's tier allows, the reasons a reward is locked,
stock and the per-cycle limit (also under concurrency), cancelling returns the stock,
e-mails leave with the commit only, the programme office's steps are audited, and one
facility never sees or cancels another's reservation."""

import threading
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from gemeinwerk.accounts.models import User
from gemeinwerk.accounts.tests.more_factories import make_coordinator, make_verified
from gemeinwerk.audit.models import AuditEvent
from gemeinwerk.core.tests.test_mail import mailers_delivering_to
from gemeinwerk.programme import demo_rewards, evaluation_selectors, rewards_selectors
from gemeinwerk.programme.audit_actions import AuditAction
from gemeinwerk.programme.holdings import export_facility_account
from gemeinwerk.programme.models import Facility
from gemeinwerk.programme.models_evaluation import Tier
from gemeinwerk.programme.models_rewards import Reservation, ReservationStatus, Reward
from gemeinwerk.programme.services import rewards as service
from gemeinwerk.programme.tests.evaluation_factories import manager
from gemeinwerk.programme.tests.rewards_factories import accepted_manager, reward

pytestmark = pytest.mark.django_db


def facility_of(user: User) -> Facility:
    facility = evaluation_selectors.facility_of(user)
    assert facility is not None
    return facility


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def row_for(user: User, item: Reward) -> rewards_selectors.BasketRow:
    facility = facility_of(user)
    rows = rewards_selectors.basket(facility, evaluation_selectors.current_tier(facility))
    return next(row for row in rows if row.reward.pk == item.pk)


# --- Tiers and locked reasons -------------------------------------------------------------


def test_the_tier_decides_what_can_be_reserved():
    premium = accepted_manager(Tier.PREMIUM)
    standard = accepted_manager(Tier.STANDARD)
    for_better = reward("Warsztaty", tiers=(Tier.PREMIUM, Tier.VIP))
    for_vip = reward("Wyjazd", tiers=(Tier.VIP,))

    with translation.override("en"):
        assert row_for(premium, for_better).reservable
        assert row_for(premium, for_vip).locked == "For VIP facilities"
        assert row_for(standard, for_better).locked == "For Premium and VIP facilities"

    with pytest.raises(ValidationError):
        service.reserve(actor=premium, reward=for_vip)
    service.reserve(actor=premium, reward=for_better)
    assert Reservation.objects.get().facility == facility_of(premium)


def test_out_of_stock_and_the_limit_are_said_in_words():
    user = accepted_manager()
    scarce = reward("Gry", stock=0)
    twice = reward("Szkolenie", limit=2)
    service.reserve(actor=user, reward=twice)
    service.reserve(actor=user, reward=twice)

    with translation.override("en"):
        assert row_for(user, scarce).locked == "Out of stock"
        assert row_for(user, twice).locked == ("You have reserved it 2 times this cycle: the limit")
    with pytest.raises(ValidationError):
        service.reserve(actor=user, reward=twice)
    with pytest.raises(ValidationError):
        service.reserve(actor=user, reward=scarce)
    assert Reservation.objects.count() == 2


def test_inactive_rewards_are_not_in_the_basket_and_cannot_be_reserved():
    user = accepted_manager()
    hidden = reward("Stara nagroda", active=False)
    assert hidden.pk not in [
        row.reward.pk for row in rewards_selectors.basket(facility_of(user), Tier.PREMIUM)
    ]
    with pytest.raises(ValidationError):
        service.reserve(actor=user, reward=hidden)
    assert signed_in(user).post(f"/facilities/mine/rewards/{hidden.pk}/reserve/").status_code == 404


def test_before_an_accepted_evaluation_the_basket_is_closed():
    user = manager()
    item = reward()
    with pytest.raises(PermissionDenied):
        service.reserve(actor=user, reward=item)
    client = signed_in(user)
    page = client.get("/en/facilities/mine/rewards/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-basket-closed" in html
    assert "/en/facilities/mine/evaluation/" in html
    assert item.title not in html
    assert client.post(f"/facilities/mine/rewards/{item.pk}/reserve/").status_code == 403
    assert not Reservation.objects.exists()


def test_the_basket_page_shows_reservable_and_locked_rewards():
    user = accepted_manager(Tier.PREMIUM)
    open_one = reward("Superwizja zespołu", tiers=(Tier.PREMIUM,))
    reward("Wyjazd socjoterapeutyczny", tiers=(Tier.VIP,))
    client = signed_in(user)

    html = client.get("/en/facilities/mine/rewards/").content.decode()
    assert "For VIP facilities" in html
    assert f"/facilities/mine/rewards/{open_one.pk}/reserve/" in html

    response = client.post(f"/en/facilities/mine/rewards/{open_one.pk}/reserve/")
    assert response.status_code == 302
    html = client.get("/en/facilities/mine/rewards/").content.decode()
    assert "You have reserved it 1 time this cycle: the limit" in html
    assert "/facilities/mine/rewards/reservations/" in html


# --- Stock, limits, concurrency -----------------------------------------------------------


def test_reserving_takes_stock_and_cancelling_returns_it():
    user = accepted_manager()
    item = reward(stock=2, limit=2)
    first = service.reserve(actor=user, reward=item)
    item.refresh_from_db()
    assert item.stock == 1

    service.cancel_own(actor=user, reservation=first)
    item.refresh_from_db()
    assert item.stock == 2
    first.refresh_from_db()
    assert first.status == ReservationStatus.CANCELLED
    assert first.cancelled_by == user
    # A cancelled reservation no longer counts towards the limit.
    service.reserve(actor=user, reward=item)
    service.reserve(actor=user, reward=item)
    item.refresh_from_db()
    assert item.stock == 0


def test_reserving_never_passes_the_stock_or_the_limit_one_after_another():
    """The sequential half of the concurrency test, on SQLite and PostgreSQL alike."""
    first, second, third = (accepted_manager() for _ in range(3))
    item = reward(stock=2, limit=1)
    service.reserve(actor=first, reward=item)
    with pytest.raises(ValidationError):
        service.reserve(actor=first, reward=item)
    service.reserve(actor=second, reward=item)
    with pytest.raises(ValidationError):
        service.reserve(actor=third, reward=item)
    item.refresh_from_db()
    assert item.stock == 0
    assert Reservation.objects.count() == 2


@pytest.mark.postgres
def test_the_count_follows_the_lock_on_the_rewards_row():
    user = accepted_manager()
    item = reward(stock=3)
    with CaptureQueriesContext(connection) as queries:
        service.reserve(actor=user, reward=item)
    sql = [query["sql"] for query in queries.captured_queries]
    lock = next(
        n for n, q in enumerate(sql) if 'FROM "programme_reward"' in q and "FOR UPDATE" in q
    )
    count = next(n for n, q in enumerate(sql) if "SUM(" in q and '"programme_reservation"' in q)
    assert lock < count


def _at_once(*calls: Any) -> list[str]:
    """Runs the calls in threads released together; each returns "ok" or the error code."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = []

    def run(call: Any) -> None:
        try:
            barrier.wait(timeout=10)
            call()
            results.append("ok")
        except ValidationError as error:
            results.append(error.code or "invalid")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reservations_at_once_cannot_take_the_last_unit_or_pass_the_limit():
    first, second = accepted_manager(), accepted_manager()
    last_unit = reward("Ostatnia sztuka", stock=1, limit=1)

    outcome = _at_once(
        lambda: service.reserve(actor=first, reward=last_unit),
        lambda: service.reserve(actor=second, reward=last_unit),
    )

    assert outcome == ["locked", "ok"]
    last_unit.refresh_from_db()
    assert last_unit.stock == 0
    assert Reservation.objects.filter(reward=last_unit).count() == 1

    once = reward("Raz na cykl", stock=None, limit=1)
    outcome = _at_once(
        lambda: service.reserve(actor=first, reward=once),
        lambda: service.reserve(actor=first, reward=once),
    )
    assert outcome == ["locked", "ok"]
    assert Reservation.objects.filter(reward=once).count() == 1


# --- The facility's cancellation, another facility ------------------------------------------


def test_a_facility_cancels_only_its_own_reservation_while_reserved():
    owner, other = accepted_manager(), accepted_manager()
    item = reward(stock=5)
    reservation = service.reserve(actor=owner, reward=item)

    # Another facility neither sees nor cancels it.
    other_client = signed_in(other)
    html = other_client.get("/en/facilities/mine/rewards/").content.decode()
    assert f'data-reservation="{reservation.pk}"' not in html
    response = other_client.post(f"/facilities/mine/rewards/reservations/{reservation.pk}/cancel/")
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        service.cancel_own(actor=other, reservation=reservation)
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.RESERVED

    service.arrange(actor=make_coordinator(), reservation=reservation, note="12 maja, 10:00")
    with pytest.raises(ValidationError):
        service.cancel_own(actor=owner, reservation=reservation)

    second = service.reserve(actor=owner, reward=reward("Inna", stock=1))
    response = signed_in(owner).post(f"/facilities/mine/rewards/reservations/{second.pk}/cancel/")
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == ReservationStatus.CANCELLED
    assert Reward.objects.get(pk=second.reward_id).stock == 1


# --- The programme office -----------------------------------------------------------------


def test_the_office_arranges_delivers_and_cancels_audited_and_the_facility_is_told():
    user = accepted_manager(language="pl")
    office = make_coordinator()
    item = reward(stock=4, limit=2)
    reservation = service.reserve(actor=user, reward=item)
    (reserved_mail,) = mail.outbox
    assert reserved_mail.to == [user.email]
    assert item.title in reserved_mail.subject
    assert reserved_mail.body.startswith("Dzień dobry,")

    for stranger in (make_verified(), make_coordinator(two_factor=False), user):
        with pytest.raises(PermissionDenied):
            service.arrange(actor=stranger, reservation=reservation)

    service.arrange(actor=office, reservation=reservation, note="Zadzwonimy we wtorek.")
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.ARRANGED
    assert reservation.arranged_by == office
    assert "Zadzwonimy we wtorek." in mail.outbox[-1].body
    assert len(mail.outbox) == 2

    service.deliver(actor=office, reservation=reservation)
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.DELIVERED
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        service.cancel(actor=office, reservation=reservation)

    other = service.reserve(actor=user, reward=item)
    item.refresh_from_db()
    assert item.stock == 2
    service.cancel(actor=office, reservation=other, note="Brak terminów.")
    item.refresh_from_db()
    assert item.stock == 3
    assert "Brak terminów." in mail.outbox[-1].body
    assert [event.action for event in AuditEvent.objects.order_by("pk")][-3:] == [
        AuditAction.RESERVATION_ARRANGED,
        AuditAction.RESERVATION_DELIVERED,
        AuditAction.RESERVATION_CANCELLED,
    ]
    assert AuditEvent.objects.filter(actor=office).count() == 3


def test_the_catalogue_is_the_offices_and_audited():
    office = make_coordinator()
    saved = service.save_reward(
        actor=office,
        title="Konsultacja prawna",
        description="Godzina z prawnikiem.",
        kind="supervision",
        for_standard=False,
        for_premium=True,
        for_vip=True,
        stock=None,
        limit_per_cycle=2,
        delivery="Telefonicznie.",
        active=True,
    )
    assert saved.tiers == [Tier.PREMIUM, Tier.VIP]
    assert AuditEvent.objects.get(action=AuditAction.REWARD_SAVED).actor == office
    with pytest.raises(PermissionDenied):
        service.save_reward(actor=accepted_manager(), reward=saved, title="Inna")
    with pytest.raises(ValidationError):
        service.save_reward(actor=office, reward=saved, limit_per_cycle=0)


def test_e_mails_leave_with_the_commit_only(settings: Any):
    settings.MAILERS = mailers_delivering_to("django.core.mail.backends.locmem.EmailBackend")
    user = accepted_manager()
    item = reward(stock=1)

    def reservation_that_fails() -> None:
        with transaction.atomic():
            service.reserve(actor=user, reward=item)
            assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 1
            raise RuntimeError("the reservation failed")

    with pytest.raises(RuntimeError):
        reservation_that_fails()

    assert DBTaskResult.objects.filter(task_path__endswith="deliver_email").count() == 0
    item.refresh_from_db()
    assert item.stock == 1
    assert not Reservation.objects.exists()


# --- Export, demo -------------------------------------------------------------------------


def test_the_reservations_are_in_the_managers_export():
    user = accepted_manager()
    service.reserve(actor=user, reward=reward("Pakiet gier edukacyjnych"))
    (account,) = export_facility_account(user)
    assert [row["reward"] for row in account["reward_reservations"]] == ["Pakiet gier edukacyjnych"]


def test_the_demo_seeds_six_polish_rewards_once():
    assert demo_rewards.seed() == []
    demo_rewards.seed()
    assert Reward.objects.count() == 6
    assert Reward.objects.filter(title="Wyjazd socjoterapeutyczny", for_standard=False).exists()
