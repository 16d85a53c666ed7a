"""allauth's own texts that Gemeinwerk translates again.

django-allauth brings German and Polish catalogues, but they mix "du" and "Sie", use
bracketed or slashed gender endings, passive sentences and words that are not in
docs/glossary.md. The project's catalogue (LOCALE_PATHS, gemeinwerk/locale) takes
precedence over the catalogues of installed apps, so an allauth msgid that also stands
in our django.po is shown with our translation.

`makemessages` only keeps msgids it finds in the project's own sources; without this
module it would drop these entries as obsolete. Each msgid below must stay character
for character identical to allauth's (spaces and line breaks included): compare them
with allauth/locale/de/LC_MESSAGES/django.po after every upgrade of allauth. None of
them has a context or a plural form.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("Username"),
    gettext_noop("Email"),
    gettext_noop("Password (again)"),
    gettext_noop("New Password (again)"),
    gettext_noop("Forgot your password?"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("Please type your current password."),
    gettext_noop("Incorrect password."),
    gettext_noop("Incorrect code."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Use authenticator app or code"),
    gettext_noop("Sign In"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Already have an account? Then please %(link)ssign in%(end_link)s."),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("Email Address"),
    gettext_noop("Current email"),
    gettext_noop("Changing to"),
    gettext_noop("Your email address is still pending verification."),
    gettext_noop("Re-send Verification"),
    gettext_noop("Change to"),
    gettext_noop("Change Email"),
    gettext_noop("Warning:"),
    gettext_noop(
        "You currently do not have any email address set up. You should really "
        "add an email address so you can receive notifications, reset your "
        "password, etc."
    ),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an '
        "email address for user %(user_display)s."
    ),
    gettext_noop(
        "Unable to confirm %(email)s because it is already confirmed by a different account."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please <a "
        'href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop("Set Password"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send "
        "you an email allowing you to reset it."
    ),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check "
        "your spam folder. Otherwise contact us if you do not receive it in a "
        "few minutes."
    ),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already "
        'been used.  Please request a <a href="%(passwd_reset_url)s">new '
        "password reset</a>."
    ),
    gettext_noop("Your password is now changed."),
    gettext_noop("Note"),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Alternative options"),
    gettext_noop("Enter your password:"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided "
        "to finalize the signup process. If you do not see the verification "
        "email in your main inbox, check your spam folder. Please contact us if "
        "you do not receive the verification email within a few minutes."
    ),
    gettext_noop(
        "You are receiving this email because you or someone else tried to "
        "signup for an\n"
        "account using email address:\n"
        "\n"
        "%(email)s\n"
        "\n"
        "However, an account using that email address already exists.  In case "
        "you have\n"
        "forgotten about this, please use the password forgotten procedure to "
        "recover\n"
        "your account:\n"
        "\n"
        "%(password_reset_url)s"
    ),
    gettext_noop(
        "If you do not recognize this change then please take proper security "
        "precautions immediately. The change to your account originates from:\n"
        "\n"
        "- IP address: %(ip)s\n"
        "- Browser: %(user_agent)s\n"
        "- Date: %(timestamp)s"
    ),
    gettext_noop("Your email has been changed from %(from_email)s to %(to_email)s."),
    gettext_noop("Email Changed"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given "
        "your email address to register an account on %(site_domain)s."
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
    gettext_noop("Email Removed"),
    gettext_noop("Your password has been changed."),
    gettext_noop("Your password has been set."),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a "
        "password reset for your user account.\n"
        "It can be safely ignored if you did not request a password reset. Click "
        "the link below to reset your password."
    ),
    gettext_noop("In case you forgot, your username is %(username)s."),
    gettext_noop("Password Reset Email"),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to "
        "access an account with email %(email)s. However, we do not have any "
        "record of such an account in our database."
    ),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Password successfully set."),
    gettext_noop("Two-Factor Authentication"),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an "
        "authenticator code:"
    ),
    gettext_noop("Enter an authenticator code:"),
    gettext_noop("Authenticator App"),
    gettext_noop("Authentication using an authenticator app is active."),
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Recovery Codes"),
    gettext_noop("View"),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("This action will invalidate your existing codes."),
    gettext_noop("Are you sure?"),
    gettext_noop("I have saved my recovery codes"),
    gettext_noop("Activate Authenticator App"),
    gettext_noop(
        "To protect your account with two-factor authentication, scan the QR "
        "code below with your authenticator app. Then, input the verification "
        "code generated by the app below."
    ),
    gettext_noop("Authenticator secret"),
    gettext_noop(
        "You can store this secret and use it to reinstall your authenticator app at a later time."
    ),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("Authenticator App Activated"),
    gettext_noop("Authenticator App Deactivated"),
    gettext_noop("A new set of Two-Factor Authentication recovery codes has been generated."),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
)
