from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from gemeinwerk.core.forms import KernFormMixin


class LoginForm(KernFormMixin, AuthenticationForm):
    error_messages = {
        # One message for every failure: it must not tell whether an account exists.
        "invalid_login": _("The user name or the password is not correct."),
        "inactive": _("The user name or the password is not correct."),
    }
