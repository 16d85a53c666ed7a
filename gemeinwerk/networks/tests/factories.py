"""Factories and small builders for the networks tests: equipped contact points,
networks with their contact points, activities, facilitators and networkers."""

from datetime import datetime, timedelta
from typing import Any, cast

import factory
from django.utils import timezone

from gemeinwerk.accounts.models import Profile, TrustLevel, User
from gemeinwerk.accounts.tests.more_factories import make_user, make_verified, staff_of
from gemeinwerk.networks.models import (
    Activity,
    Admission,
    Network,
    NetworkRole,
    Registration,
    RegistrationStatus,
    RoleKind,
    Slot,
)
from gemeinwerk.places.models import ContactPoint, District
from gemeinwerk.places.tests.factories import ContactPointFactory, DistrictFactory


def make_district(**kwargs: Any) -> District:
    return cast(District, DistrictFactory(**kwargs))


def equipped_point(**kwargs: Any) -> ContactPoint:
    """A contact point with a phone, a computer and the internet for visitors."""
    kwargs.setdefault("equipment_phone", True)
    kwargs.setdefault("equipment_computer", True)
    kwargs.setdefault("equipment_internet", True)
    return cast(ContactPoint, ContactPointFactory(**kwargs))


class NetworkFactory(factory.django.DjangoModelFactory[Network]):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Netzwerk {n}")
    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    district = factory.SubFactory(DistrictFactory)
    summary = "Nachbarn treffen sich."
    about = "Wer kommt, ist willkommen."

    @factory.post_generation
    def contact_points(network: Network, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        points = extracted if extracted is not None else [equipped_point(district=network.district)]
        network.contact_points.set(points)


def make_network(**kwargs: Any) -> Network:
    return cast(Network, NetworkFactory(**kwargs))


def point_of(network: Network) -> ContactPoint:
    point = network.contact_points.order_by("pk").first()
    assert point is not None
    return point


class ActivityFactory(factory.django.DjangoModelFactory[Activity]):
    class Meta:
        model = Activity

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Spaziergang {n}")
    description = "Wir gehen gemeinsam durch den Park."
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda activity: activity.starts_at + timedelta(hours=2))
    district = factory.LazyAttribute(lambda activity: activity.network.district)
    address = "Stadtpark, am Brunnen"
    admission = Admission.REGISTER


def make_activity(network: Network, **kwargs: Any) -> Activity:
    return cast(Activity, ActivityFactory(network=network, **kwargs))


def facilitator_of(network: Network, **kwargs: Any) -> User:
    """Staff of the network's first contact point, named its facilitator (two-factor
    set up, so the role works outside a request)."""
    staff = staff_of(point_of(network), **kwargs)
    NetworkRole.objects.create(
        network=network, user=staff, role=RoleKind.FACILITATOR, accepted_at=timezone.now()
    )
    return staff


def networker_of(network: Network, **kwargs: Any) -> User:
    member = make_verified(**kwargs)
    NetworkRole.objects.create(
        network=network, user=member, role=RoleKind.NETWORKER, accepted_at=timezone.now()
    )
    return member


def phone_registration(activity: Activity, staff: User | None, **kwargs: Any) -> Registration:
    kwargs.setdefault("name", "Frau Berg")
    kwargs.setdefault("phone", "0211 123 45")
    kwargs.setdefault("status", RegistrationStatus.CONFIRMED)
    return Registration.objects.create(activity=activity, registered_by=staff, **kwargs)


def make_slot(point: ContactPoint, starts_at: datetime, **kwargs: Any) -> Slot:
    return Slot.objects.create(contact_point=point, starts_at=starts_at, **kwargs)


def newcomer(district: District | None, **kwargs: Any) -> User:
    """An unverified member with a profile; `profile` fields by keyword `profile_*`."""
    profile = {key[8:]: kwargs.pop(key) for key in list(kwargs) if key.startswith("profile_")}
    profile.setdefault("district_visibility", "verified")
    kwargs.setdefault("trust_level", TrustLevel.UNVERIFIED)
    kwargs.setdefault("date_joined", timezone.now() - timedelta(days=7))
    user = make_user(**kwargs)
    Profile.objects.create(user=user, district=district, **profile)
    return user
