from typing import Any

import factory

from gemeinwerk.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")

    @factory.post_generation
    def password(user: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        user.set_password(extracted or "Lange-Passwort-1")
        if create:
            user.save(update_fields=["password"])
