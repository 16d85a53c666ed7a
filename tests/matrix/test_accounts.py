"""Accounts: signing in and the security settings (allauth), taking over an assisted
account, the member's own pages, and profiles as others see them. The console's
member pages are in test_console.py."""

import pytest

from tests.matrix.cases import Case, Matrix, check, params, same, signed_in
from tests.matrix.world import ALL, HAS_AUTHENTICATOR, ROLES, TAKEOVER_CODE, World

MATRIX: Matrix = {
    "account_login": [Case("/accounts/login/", expected=signed_in(302, anonymous=200))],
    "account_signup": [Case("/accounts/signup/", expected=signed_in(302, anonymous=200))],
    "account_logout": [Case("/accounts/logout/", "post", expected=same(302))],
    "account_inactive": [Case("/accounts/inactive/", expected=same(200))],
    "account_reauthenticate": [Case("/accounts/reauthenticate/", expected=signed_in(200))],
    "account_email": [Case("/accounts/email/", expected=signed_in(200))],
    "account_email_verification_sent": [Case("/accounts/confirm-email/", expected=same(200))],
    "account_confirm_email": [Case("/accounts/confirm-email/not-a-key/", expected=same(200))],
    "account_change_password": [Case("/accounts/password/change/", expected=signed_in(200))],
    "account_set_password": [Case("/accounts/password/set/", expected=signed_in(302))],
    "account_reset_password": [Case("/accounts/password/reset/", expected=same(200))],
    "account_reset_password_done": [Case("/accounts/password/reset/done/", expected=same(200))],
    "account_reset_password_from_key": [
        Case("/accounts/password/reset/key/1-not-a-key/", expected=same(200))
    ],
    "account_reset_password_from_key_done": [
        Case("/accounts/password/reset/key/done/", expected=same(200))
    ],
    # Signing in by code is switched off: nothing to confirm, back to signing in.
    "account_confirm_login_code": [Case("/accounts/login/code/confirm/", expected=same(302))],
    # Confirming again by a code sent by e-mail is switched off too: back to the password.
    "account_request_reauthentication_code": [
        Case("/accounts/reauthenticate/code/", expected=same(302)),
        Case("/accounts/reauthenticate/code/", "post", expected=same(302)),
    ],
    "account_confirm_reauthentication_code": [
        Case("/accounts/reauthenticate/code/confirm/", expected=same(302)),
        Case("/accounts/reauthenticate/code/confirm/", "post", expected=same(302)),
    ],
    "mfa_index": [Case("/accounts/2fa/", expected=signed_in(200))],
    "mfa_authenticate": [Case("/accounts/2fa/authenticate/", expected=same(302))],
    # Only someone with a second factor can confirm it again.
    "mfa_reauthenticate": [
        Case(
            "/accounts/2fa/reauthenticate/",
            expected=signed_in(302) | dict.fromkeys(HAS_AUTHENTICATOR, 200),
        )
    ],
    # Changing the second factor asks for the password again first (force_login in
    # these tests is not a recent sign-in), or finds nothing to change (404).
    "mfa_activate_totp": [Case("/accounts/2fa/totp/activate/", expected=signed_in(302))],
    "mfa_deactivate_totp": [
        Case(
            "/accounts/2fa/totp/deactivate/",
            expected=signed_in(404) | dict.fromkeys(HAS_AUTHENTICATOR, 302),
        )
    ],
    "mfa_view_recovery_codes": [Case("/accounts/2fa/recovery-codes/", expected=signed_in(404))],
    "mfa_generate_recovery_codes": [
        Case("/accounts/2fa/recovery-codes/generate/", expected=signed_in(302))
    ],
    "mfa_download_recovery_codes": [
        Case("/accounts/2fa/recovery-codes/download/", expected=signed_in(404))
    ],
    "accounts:takeover": [
        Case("/accounts/takeover/", expected=same(200)),
        # The right code, but no second staff member confirmed the takeover yet: the form
        # says so, and the account stays as it is.
        Case(
            "/accounts/takeover/",
            "post",
            lambda w: {
                "username": w.pending_takeover.username,
                "code": TAKEOVER_CODE,
                "email": "mine@example.org",
                "password1": "Ein-langes-Passwort-9",
                "password2": "Ein-langes-Passwort-9",
            },
            expected=same(200),
            unchanged=ALL,
        ),
        # A wrong code: the same form, nothing changes.
        Case(
            "/accounts/takeover/",
            "post",
            lambda w: {
                "username": w.pending_takeover.username,
                "code": "ZZZZ-ZZZZ-ZZZZ",
                "email": "mine@example.org",
                "password1": "Ein-langes-Passwort-9",
                "password2": "Ein-langes-Passwort-9",
            },
            expected=same(200),
            unchanged=ALL,
        ),
    ],
    # --- The member's own pages -----------------------------------------------------
    "me:overview": [Case("/me/", expected=signed_in(200))],
    "me:profile": [
        Case("/me/profile/", expected=signed_in(200)),
        # Everyone signed in keeps their own profile.
        Case(
            "/me/profile/",
            "post",
            {
                "display_name": "Rosi",
                "display_name_visibility": "verified",
                "about": "",
                "about_visibility": "nobody",
                "languages_visibility": "nobody",
                "district_visibility": "nobody",
                "phone": "",
                "phone_visibility": "nobody",
                "picture_visibility": "nobody",
            },
            expected=signed_in(302),
        ),
        # A visibility that does not exist: the form comes back, nothing is saved.
        Case(
            "/me/profile/",
            "post",
            {"display_name": "Rosi", "display_name_visibility": "the-whole-world"},
            expected=signed_in(200),
            unchanged=ALL,
        ),
    ],
    "me:verification": [
        # Only accounts that still need verification may ask for it.
        Case("/me/verification/", expected=signed_in(302) | {"unverified": 200}),
        Case(
            "/me/verification/",
            "post",
            lambda w: {"contact_point": w.home.pk, "preferred_method": "in_person"},
            expected=signed_in(302) | {"unverified": 302},
            # The others are sent back to their account page with nothing asked.
            unchanged=tuple(role for role in ROLES if role != "unverified"),
        ),
    ],
    "me:verification_withdraw": [
        Case("/me/verification/withdraw/", "post", expected=signed_in(302)),
        Case("/me/verification/withdraw/", expected=signed_in(405)),
    ],
    "me:consent_withdraw": [Case("/me/assistance/withdraw/", "post", expected=signed_in(302))],
    "me:sessions": [Case("/me/sessions/", expected=signed_in(200))],
    "me:session_end": [
        Case("/me/sessions/end/", "post", {"session": "0" * 16}, expected=signed_in(302))
    ],
    "me:sessions_end_others": [Case("/me/sessions/end-others/", "post", expected=signed_in(302))],
    "me:session_extend": [
        Case("/me/sessions/extend/", "post", expected=signed_in(200)),
        Case("/me/sessions/extend/", expected=signed_in(405)),
    ],
    "me:export": [Case("/me/data/", expected=signed_in(200))],
    "me:delete": [
        Case("/me/delete/", expected=signed_in(200)),
        # A wrong password deletes nothing.
        Case("/me/delete/", "post", {"password": "wrong"}, expected=signed_in(200), unchanged=ALL),
    ],
    # --- Profiles as others see them --------------------------------------------------
    "members:detail": [
        Case(lambda w: f"/members/{w.users['verified'].public_id}/", expected=same(200)),
        Case("/members/00000000-0000-0000-0000-000000000000/", expected=same(404)),
    ],
    "members:picture": [
        # No picture: not found for everyone.
        Case(lambda w: f"/members/{w.users['verified'].public_id}/picture/", expected=same(404))
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
