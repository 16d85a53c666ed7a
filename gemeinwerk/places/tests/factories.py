from datetime import date, time

import factory

from gemeinwerk.places.models import Closure, ContactPoint, District, OpeningHours, Weekday


class DistrictFactory(factory.django.DjangoModelFactory[District]):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Bezirk {n}")
    slug = factory.Sequence(lambda n: f"bezirk-{n}")


class ContactPointFactory(factory.django.DjangoModelFactory[ContactPoint]):
    class Meta:
        model = ContactPoint

    name = factory.Sequence(lambda n: f"Anlaufstelle {n}")
    slug = factory.Sequence(lambda n: f"anlaufstelle-{n}")
    district = factory.SubFactory(DistrictFactory)
    street = factory.Sequence(lambda n: f"Lindenstraße {n + 1}")
    postal_code = "35210"
    city = "Demostadt"
    phone = "0711 000 100"
    email = factory.LazyAttribute(lambda point: f"{point.slug}@demostadt.example")


class OpeningHoursFactory(factory.django.DjangoModelFactory[OpeningHours]):
    class Meta:
        model = OpeningHours

    contact_point = factory.SubFactory(ContactPointFactory)
    weekday = Weekday.MONDAY
    opens = time(9)
    closes = time(12)


class ClosureFactory(factory.django.DjangoModelFactory[Closure]):
    class Meta:
        model = Closure

    contact_point = factory.SubFactory(ContactPointFactory)
    first_day = date(2026, 8, 3)
    last_day = factory.SelfAttribute("first_day")
