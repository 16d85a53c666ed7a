"""The member account. Registration asks only for e-mail, user name and password."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    # Data minimisation: no real names. A display name, if wanted, is an optional
    # profile field with its own visibility.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def __str__(self) -> str:
        return self.username
