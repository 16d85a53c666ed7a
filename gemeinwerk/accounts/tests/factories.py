from typing import Any

import factory
from allauth.account.models import EmailAddress

from gemeinwerk.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory[User]):
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


def member_who_can_sign_in(**fields: Any) -> User:
    """An account with a confirmed e-mail address: allauth lets only those sign in."""
    user = UserFactory.create(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
