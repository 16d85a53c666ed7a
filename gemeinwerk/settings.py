"""Gemeinwerk settings: one module, configured from the environment.

Every variable is described in docs/operations.md. Without any variable set, the
platform runs for development on an SQLite file with in-memory layers; with
GEMEINWERK_ENV=production it refuses to start without a secret key and allowed hosts.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

ENVIRONMENT = env.str("GEMEINWERK_ENV", default="development")
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured("GEMEINWERK_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when GEMEINWERK_ENV=production.")


def _development_secret_key() -> str:
    """A key generated once per checkout, kept in a git-ignored file."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        # Written completely under another name, then linked into place: the web
        # server and the worker may start at the same moment, and neither may read a
        # half-written file. The loser of the race reads the winner's key.
        draft = VAR_DIR / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(get_random_secret_key())
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable; spaces around the commas are forgiven."""
    return [item.strip() for item in env.list(name, default=default) if item.strip()]


def _weak_secret_key(key: str) -> str:
    """Why `key` is too weak to sign sessions and encrypt two-factor secrets, or ""."""
    if key.startswith("django-insecure"):
        return "it is Django's insecure example key"
    if len(key) < 50:
        return f"it has {len(key)} characters, at least 50 are needed"
    if len(set(key)) < 10:
        return "it repeats too few different characters"
    return ""


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when GEMEINWERK_ENV=production.")
    SECRET_KEY = _development_secret_key()
# Former keys, comma-separated, while a new key takes over: sessions signed and
# two-factor secrets encrypted with them stay readable (docs/operations.md).
SECRET_KEY_FALLBACKS = _list("SECRET_KEY_FALLBACKS", default=[])
# Refused at start-up rather than warned about by `check --deploy`, which nobody may run:
# anyone who guesses the key, or a former key still accepted, can forge sessions.
for _name, _key in [
    ("SECRET_KEY", SECRET_KEY),
    *((f"SECRET_KEY_FALLBACKS[{i}]", key) for i, key in enumerate(SECRET_KEY_FALLBACKS)),
]:
    if PRODUCTION and (_weakness := _weak_secret_key(_key)):
        raise ImproperlyConfigured(
            f"{_name} is too weak: {_weakness}. Generate one with: python -c "
            '"import secrets; print(secrets.token_urlsafe(50))"'
        )

ALLOWED_HOSTS = _list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when GEMEINWERK_ENV=production.")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    # Our apps before allauth and the admin, so that our templates for their pages win.
    "gemeinwerk.core",
    "gemeinwerk.audit",
    "gemeinwerk.places",
    "gemeinwerk.notifications",
    "gemeinwerk.accounts",
    # The staff console's frame; the apps register their console pages into it. Its
    # templates live under console/, so its place decides no template override.
    "gemeinwerk.console",
    "gemeinwerk.networks",
    "gemeinwerk.moderation",
    "gemeinwerk.chat",
    "gemeinwerk.groups",
    "gemeinwerk.meetings",
    "gemeinwerk.help",
    "gemeinwerk.market",
    "gemeinwerk.programme",
    # After our apps, so that core's admin/base_site.html (the platform's icon) wins.
    "django.contrib.admin",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    # Last, so that our form templates override Django's built-in ones.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gemeinwerk.core.middleware.permissions_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The bare home page follows the browser's language on a first visit (after
    # CommonMiddleware, so that a bad Host header is refused first).
    "gemeinwerk.core.language.browser_language_middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gemeinwerk.core.headers.no_store_when_signed_in_middleware",
    "gemeinwerk.accounts.middleware.session_lifetime_middleware",
    "gemeinwerk.accounts.middleware.acting_for_middleware",
    "gemeinwerk.accounts.middleware.two_factor_for_privileged_middleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last: its 413 page gets every header and the language, and no view or CSRF check
    # has read the body yet.
    "gemeinwerk.core.uploads.request_body_limit_middleware",
]

ROOT_URLCONF = "gemeinwerk.urls"
ASGI_APPLICATION = "gemeinwerk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gemeinwerk.core.context_processors.site",
            ],
        },
    },
]

# --- Data stores ------------------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gemeinwerk.sqlite3'}")
}
_database = DATABASES["default"]
if _database["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    _database["OPTIONS"] = {
        # The web server and the task worker write to the same file: WAL lets readers
        # go on during a write, IMMEDIATE takes the write lock up front so a
        # transaction waits for it instead of failing half-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **_database.get("OPTIONS", {}),
    }
    # A file beside the database, not memory: the browser tests' server process must
    # open the same test database.
    # The process id keeps two test runs in one checkout apart.
    _database_file = Path(_database["NAME"])
    _database["TEST"] = {
        "NAME": str(_database_file.with_name(f"test-{os.getpid()}-{_database_file.name}"))
    }
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # A pool of connections: under ASGI each request may run in another thread, so
    # per-thread persistent connections would leak; the pool reuses them instead. A new
    # connection is costly here: it loads the Polish dictionary (about 0.6 s) on its
    # first search. When PostgreSQL is down (or accepts but never answers), a request
    # must not wait long for a connection: connect_timeout bounds each attempt, the
    # pool's timeout bounds the wait for a connection; within about two seconds the
    # visitor gets the 503 page (gemeinwerk/core/outage.py) instead of a 500 after ten.
    # A busy pool makes requests wait as long: raise DATABASE_POOL_MAX (or the timeout)
    # rather than let them queue.
    # random_page_cost: PostgreSQL's default (4) prices a random read as on a spinning
    # disk; on SSDs or with the data in memory 1.1 is the usual value. With 4 a search
    # for a word in about a tenth of a large table is planned as a scan of the whole
    # table, which unpacks every row's stored vector (about 140 ms at 100,000
    # listings, docs/performance.md) instead of reading the GIN index (about 15 ms).
    _database["OPTIONS"] = {
        "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=2),
        "options": f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}",
        "pool": {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=2.0),
        },
        **_database.get("OPTIONS", {}),
    }
    # A pooled connection is checked before use: after PostgreSQL restarts, a request
    # gets a fresh connection instead of an error from a dead one.
    _database["CONN_HEALTH_CHECKS"] = True
    # Django's backend, which after a failed connection answers at once for a few
    # seconds instead of letting each request wait the pool's timeout again.
    _database["ENGINE"] = "gemeinwerk.core.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "gemeinwerk",
            # Redis down must not hold a request: a refused connection fails at once,
            # a silent one after these seconds. Rate limits then refuse the step (503,
            # gemeinwerk/core/outage.py); sessions live in the database, not here.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # channels_redis hands these to redis-py's ConnectionPool.from_url. A
                # Redis that accepts but never answers must not hold a send, group_send
                # or receive forever: socket_timeout bounds each reply. Receiving
                # blocks in Redis for up to five seconds (BZPOPMIN), so the timeout
                # must be well above that: redis-py's own default (5 s since 8.0)
                # makes every quiet receive fail with TimeoutError. A
                # health_check_interval pings a connection that sat idle that long
                # before using it again, so one cut while idle is noticed before a
                # send, not by the send.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_connect_timeout": 2,
                        "socket_timeout": 10,
                        "health_check_interval": 30,
                    }
                ],
                "prefix": env.str("CHANNELS_PREFIX", "gemeinwerk"),
                # channels_redis keeps the events for all of a process's connections in
                # one queue and drops what exceeds its capacity (100 by default): with
                # a thousand chat pages per process that is a burst of a few messages.
                "capacity": env.int("CHANNELS_CAPACITY", default=5000),
            },
        }
    }
else:
    # One process only: fine for development and the embedded test run.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- E-mail -----------------------------------------------------------------------
# The "default" mailer hands every message to a background task once the surrounding
# transaction commits; the task delivers it through the "delivery" mailer, which
# EMAIL_URL configures: e.g. smtp+tls://user:password@host:587. Without it, production
# hands mail to the local mail server and development prints it.

_email = env.email_url(
    "EMAIL_URL", default="smtp://localhost:25" if PRODUCTION else "consolemail://"
)
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": env.int("EMAIL_TIMEOUT", default=20),
}
MAILERS = {
    "default": {"BACKEND": "gemeinwerk.core.mail.QueuedEmailBackend"},
    "delivery": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _smtp_options.items() if value is not None}
            if _email["EMAIL_BACKEND"].endswith(".smtp.EmailBackend")
            else {}
        ),
    },
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Gemeinwerk <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Accounts ---------------------------------------------------------------------
# django-allauth: sign-up with e-mail, user name and password only; confirmed e-mail;
# login by e-mail or user name; throttled logins; TOTP two-factor login.

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "me:overview"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Long passphrases are welcome; the cap only keeps hashing cheap.
    {"NAME": "gemeinwerk.accounts.passwords.MaximumLengthValidator"},
]

ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_RATE_LIMITS = {
    # Per IP address and per account: the adapter makes the "key" the account that the
    # login names (user name or e-mail alike), or the login as typed if there is none.
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/5m/key",
}

ACCOUNT_ADAPTER = "gemeinwerk.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "gemeinwerk.accounts.forms.LoginForm"}

MFA_ADAPTER = "gemeinwerk.accounts.mfa.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Gemeinwerk"
MFA_PASSKEY_LOGIN_ENABLED = False

# Sessions live in their own table with the account they belong to, so members can see
# and end their other sessions and leaving removes them all. A session ends after
# SESSION_IDLE_SECONDS without a request (a warning comes two minutes before) and at the
# latest SESSION_MAX_SECONDS after signing in.
SESSION_ENGINE = "gemeinwerk.accounts.sessions"
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_MAX_SECONDS = env.int("SESSION_MAX_SECONDS", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Meeting rooms ----------------------------------------------------------------
# Browsers connect peer to peer; these servers help them find each other. Without any,
# only browsers that can reach each other directly connect (enough inside one network).
# TURN credentials are made per participant from ICE_TURN_SECRET, as coturn's
# use-auth-secret mode expects, and expire after ICE_TURN_TTL_SECONDS.
ICE_STUN_URLS = _list("ICE_STUN_URLS", default=[])
ICE_TURN_URLS = _list("ICE_TURN_URLS", default=[])
ICE_TURN_SECRET = env.str("ICE_TURN_SECRET", default="")
ICE_TURN_TTL_SECONDS = env.int("ICE_TURN_TTL_SECONDS", default=6 * 3600)

# --- Chat ---------------------------------------------------------------------------
# Messages older than this many months are deleted by the daily housekeeping (0 keeps
# them); a conversation has room for CHAT_GROUP_MAX people; a person starts at most
# CHAT_NEW_CONVERSATIONS_PER_DAY new conversations in 24 hours.
CHAT_RETENTION_MONTHS = env.int("CHAT_RETENTION_MONTHS", default=24)
CHAT_GROUP_MAX = env.int("CHAT_GROUP_MAX", default=10)
CHAT_NEW_CONVERSATIONS_PER_DAY = env.int("CHAT_NEW_CONVERSATIONS_PER_DAY", default=10)
# A new message is notified (on the platform and by e-mail, as the person chose) only if
# it is still unread this many seconds later: no e-mail for every answer of a live chat.
CHAT_NOTIFY_AFTER_SECONDS = env.int("CHAT_NOTIFY_AFTER_SECONDS", default=120)

# Neighbourhood help (gemeinwerk/market): a safe home visit's trusted contact is told
# when the check-out has not come this many minutes after the time the person gave.
MARKET_VISIT_GRACE_MINUTES = env.int("MARKET_VISIT_GRACE_MINUTES", default=15)

# The version of the house rules members accept when staff verify them; see
# gemeinwerk/core/templates/core/house_rules.html.
HOUSE_RULES_VERSION = "2026-11"

# --- Languages and time -----------------------------------------------------------

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("pl", _("Polish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "gemeinwerk" / "locale"]
# Dates per language, with names of our own ("DAY_MONTH_FORMAT"): gemeinwerk/formats.
FORMAT_MODULE_PATH = ["gemeinwerk.formats"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Berlin")
USE_TZ = True

# --- Static and media files -------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "build" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production the files are served straight from the build folder, no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security ---------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.NONCE, CSP.STRICT_DYNAMIC],
    "style-src": [CSP.SELF],
    # KERN's icons are SVG data URIs used as CSS masks.
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# X-Frame-Options DENY, nosniff, Referrer-Policy same-origin and COOP same-origin are
# Django's defaults; the tests check the headers.
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "gemeinwerk.core.views.csrf_failure"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
# Load balancers probe health over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SAMESITE = "Lax"
# The largest request body read at all (gemeinwerk/core/uploads.py): a profile picture
# (at most 5 MB) and the form around it. Larger ones are refused before they are read;
# keep the proxy's limit (nginx client_max_body_size) the same.
REQUEST_BODY_MAX_BYTES = env.int("REQUEST_BODY_MAX_BYTES", default=6 * 1024 * 1024)
# The main part of busy public pages is kept for anonymous visitors for up to five
# minutes, dropped at once when its data change (gemeinwerk/core/pagecache.py). Off only
# to measure the rendering itself (bench/page_speed.py --no-page-cache).
GEMEINWERK_PAGE_CACHE = env.bool("GEMEINWERK_PAGE_CACHE", default=True)

# --- Logging ----------------------------------------------------------------------
# Logs never carry personal data: no access log and no uvicorn connection lines (they
# hold client IPs; see gemeinwerk/serve.py), no request bodies.

# A refused request (403, 404, a bad Host header) is one line without a traceback: the
# filter sits on django.request, where Django logs 403 and 404, and on the handler for
# django.security's many loggers. Django's records go to the root's handler, so tests
# see them too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "filters": {"client_errors": {"()": "gemeinwerk.core.logfilters.ClientErrorsWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"level": "INFO"},
        "django.request": {"filters": ["client_errors"]},
        "django.db.backends": {"level": "WARNING"},
    },
}

# --- The installation -------------------------------------------------------------
# Who runs this installation: shown on the privacy and help pages.

# The address of this installation, for links in e-mails that tasks send outside a
# request (notifications, their unsubscribe links).
SITE_URL = env.str(
    "SITE_URL",
    default=f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000",
)

GEMEINWERK_OPERATOR = {
    "name": env.str("OPERATOR_NAME", default="Gemeinwerk Demostadt"),
    "email": env.str("OPERATOR_EMAIL", default="kontakt@gemeinwerk.example"),
    "phone": env.str("OPERATOR_PHONE", default="0711 000 000"),
}

# The facility programme's office (the coordinators): facilities that cannot register
# (their facility has an account already, an activation link expired) are told to write
# here, and its decisions on registrations are sent with this reply address.
PROGRAMME_OFFICE_EMAIL = env.str("PROGRAMME_OFFICE_EMAIL", default=GEMEINWERK_OPERATOR["email"])
# The evaluation cycle (March, September): weeks from its opening to its deadline, and
# what happens to the tier of a facility that misses it: "keep" or "lower" (one tier).
PROGRAMME_EVALUATION_WEEKS = env.int("PROGRAMME_EVALUATION_WEEKS", default=6)
PROGRAMME_MISSED_DEADLINE = env.str("PROGRAMME_MISSED_DEADLINE", default="keep")

FORM_RENDERER = "gemeinwerk.core.forms.KernFormRenderer"
