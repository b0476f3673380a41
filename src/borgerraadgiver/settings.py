"""One settings module, configured from the environment.

Production defaults apply unless DEBUG is set: a missing SECRET_KEY is then an
error, not a silent fallback.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("BORGERRAADGIVER_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_map(name: str, default: dict[str, str]) -> dict[str, str]:
    """`a=x,b=y` -> {"a": "x", "b": "y"}; an item without `=` is an error."""
    items = env_list(name, [])
    if not items:
        return default
    mapping = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name} must be key=value pairs, got {item!r}")
        mapping[key.strip()] = value.strip()
    return mapping


DEBUG = env_bool("DEBUG")
# Under pytest the test settings apply without anyone having to remember TESTING=1.
TESTING = env_bool("TESTING") or "pytest" in sys.modules


def _stored_secret_key(path: Path, generate: Callable[[], str] | None = None) -> str:
    """A random key kept in var/ (mode 0600) for an installation that sets none.

    The command line must work right after `make install` without any
    environment (contracts.md); a key made once and kept is as secret as one
    in the environment, and stays the same across restarts.
    """
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    key = generate() if generate else secrets.token_urlsafe(50)
    # Written in full under another name, then linked into place: a process
    # starting at the same moment reads either no file or the whole key, and
    # the one that loses the race takes the winner's key.
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    try:
        os.link(draft, path)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
    finally:
        draft.unlink()
    return key


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        # Debug and tests only; production generates or is given a secret key.
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105 # nosec B105
    else:
        SECRET_KEY = _stored_secret_key(VAR_DIR / "secret_key")

# CPR numbers at rest (inquiries/cpr.py). Fernet keys, the first encrypts and
# every one decrypts (rotation); a separate key for the lookup hash. Unset,
# they are generated once into var/ like the secret key, in debug as well: a
# published development key would leave a copied database readable. Never
# derived from SECRET_KEY, which is rotated for other reasons and without
# re-encrypting anything.
CPR_ENCRYPTION_KEYS = env_list("CPR_ENCRYPTION_KEYS", [])
CPR_HASH_KEY = os.environ.get("CPR_HASH_KEY", "")
if TESTING:
    # Fixed, so a test database and its rows agree across runs; tests only.
    CPR_ENCRYPTION_KEYS = CPR_ENCRYPTION_KEYS or ["dGVzdHMgb25seTogbmV2ZXIgYW4gYWN0dWFsIGtleSE="]
    CPR_HASH_KEY = CPR_HASH_KEY or "tests-only-cpr-hash-key-never-use-in-production"
else:
    if not CPR_ENCRYPTION_KEYS:
        from cryptography.fernet import Fernet

        CPR_ENCRYPTION_KEYS = _stored_secret_key(
            VAR_DIR / "cpr_encryption_keys", lambda: Fernet.generate_key().decode("ascii")
        ).split()
    CPR_HASH_KEY = CPR_HASH_KEY or _stored_secret_key(VAR_DIR / "cpr_hash_key")


def _check_cpr_keys(keys: list[str], hash_key: str) -> None:
    import base64
    import binascii

    if not keys:
        raise ImproperlyConfigured("CPR_ENCRYPTION_KEYS must hold at least one key")
    for position, key in enumerate(keys, start=1):
        try:
            valid = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
        except (binascii.Error, UnicodeEncodeError, ValueError):
            valid = False
        if not valid:  # the key itself stays out of the message
            raise ImproperlyConfigured(
                f"CPR_ENCRYPTION_KEYS: key {position} is not a Fernet key "
                "(32 bytes in url-safe base64; make one with "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`)"
            )
    if len(hash_key) < 32:
        raise ImproperlyConfigured("CPR_HASH_KEY must be at least 32 characters")


_check_cpr_keys(CPR_ENCRYPTION_KEYS, CPR_HASH_KEY)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG or TESTING else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "borgerraadgiver.core",
    "borgerraadgiver.offices",
    "borgerraadgiver.vocabularies",
    "borgerraadgiver.inquiries",
    "borgerraadgiver.imports",
    "borgerraadgiver.reports",
    "borgerraadgiver.casework",
    "borgerraadgiver.accounts",
    "borgerraadgiver.privacy",
    "borgerraadgiver.audit",
    "borgerraadgiver.rls",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether this session has passed two-factor (request.user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    # Names the user's office to PostgreSQL's row-level security (README, "Second wall").
    "borgerraadgiver.rls.middleware.OfficeWallMiddleware",
    # Below WhiteNoise, so static files (which hold no personal data) stay cacheable.
    "borgerraadgiver.core.middleware.NoStoreForUsersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Below messages and htmx: a timed-out session is told so on the login page.
    "borgerraadgiver.accounts.middleware.SessionPolicyMiddleware",
    "borgerraadgiver.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Turns a locked-out login into the lockout page (django-axes wants it last).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "borgerraadgiver.urls"
WSGI_APPLICATION = "borgerraadgiver.wsgi.application"
FORM_RENDERER = "borgerraadgiver.core.forms.DkfdsFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "borgerraadgiver.core.context_processors.office",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'borgerraadgiver.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite creates the file but not its folder: a fresh VAR_DIR would fail.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL and a busy timeout let the worklist be read while a save is written.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    if TESTING:
        # A file, not Django's shared in-memory database: the browser tests'
        # server answers requests in threads, and every page with personal
        # data writes its audit record; two writers on a shared-cache memory
        # database fail at once ("table is locked") instead of waiting.
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_borgerraadgiver.sqlite3")}

# The report's full months from reports_monthfacts (kept correct by triggers);
# REPORT_MONTH_CACHE=0 computes every report from the registrations.
REPORT_MONTH_CACHE = env_bool("REPORT_MONTH_CACHE", default=True)

# Background work (reminder e-mails): django-tasks with its database backend;
# `borgerraadgiver db_worker` runs what is enqueued. TASKS_IMMEDIATE=1 runs
# each task at once, in the enqueuing process (handy for a one-machine demo).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", default=False)
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}

# E-mail (letters and reminders). SMTP by environment. Without EMAIL_HOST the
# console backend prints mails in development and the demo; in production
# nothing is sent (a letter's text must not end in a server log), and the
# letter pages say that e-mail is not configured (EMAIL_CONFIGURED).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.dummy.EmailBackend",
)
EMAIL_CONFIGURED = EMAIL_BACKEND != "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "borgerraadgiver@localhost")

# How long the audit trail and django-axes' login records are kept before
# `borgerraadgiver audit_prune` deletes them (never under six months: checked there).
AUDIT_RETENTION_MONTHS = env_int("AUDIT_RETENTION_MONTHS", 36)
LOGIN_LOG_RETENTION_MONTHS = env_int("LOGIN_LOG_RETENTION_MONTHS", AUDIT_RETENTION_MONTHS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "offices.User"
LOGIN_URL = "login"
# Each role has its own first page (core.views.home).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Authentication: two-factor, lockout, session lifetime, single sign-on. The
# README's "Login and two-factor" explains each choice.

# TOTP two-factor for every role that can see personal data (accounts.selectors).
# Off by default in debug (`make run`'s demo) and in the tests, where views are
# tested with force_login; the two-factor tests switch it on themselves.
OTP_REQUIRED = env_bool("TWO_FACTOR", default=not (DEBUG or TESTING))
OTP_TOTP_ISSUER = "Borgerrådgiver"
# Backup codes handed out at enrolment, each good for one login.
OTP_BACKUP_CODES = env_int("TWO_FACTOR_BACKUP_CODES", 10)

# Lockout (django-axes): this many failed logins for one username from one
# address lock that pair out for the cool-off time; a success resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A try during the lockout does not extend it: the lockout ends when it said it would.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "borgerraadgiver.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "borgerraadgiver.accounts.backends.client_ip"
# Behind the proxy every client has the proxy's address, and the lockout is by
# username alone. Set this only where the proxy appends the client's address to
# X-Forwarded-For: the last entry is then used, and a client cannot forge it.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", default=False)
# Axes masks the password always; the username and address are masked in the
# log as well (they stay in its database table, which the lockout reads).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is checked.
    "borgerraadgiver.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sessions: an idle timeout per office (accounts.OfficeSessionPolicy; this is
# the default for offices that set none and for the system operator) and an
# absolute lifetime from login, after which the user logs in again.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

# Single sign-on through the municipality's OpenID Connect provider
# (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
# The ID token's `iss` must be this, when set; its `aud` must be our client id.
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
# Which claims name the user, the office (its slug) and the role, and how the
# provider's role values map to ours.
OIDC_USERNAME_CLAIM = os.environ.get("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_OFFICE_CLAIM = os.environ.get("OIDC_OFFICE_CLAIM", "office")
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "role")
OIDC_ROLE_MAP = env_map(
    "OIDC_ROLE_MAP",
    {r: r for r in ("advisor", "secretary", "reader", "office_admin")},
)
# On: a login through the provider counts as two-factor (the provider enforces
# MFA by its own policy). Off: such users enter a TOTP code here as well.
OIDC_TRUSTS_IDP_MFA = env_bool("OIDC_TRUSTS_IDP_MFA", default=False)
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
        )
        if not globals()[name]
    ]
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("OIDC_OP_JWKS_ENDPOINT")
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set; also set {', '.join(_missing)}")
    AUTHENTICATION_BACKENDS.append("borgerraadgiver.accounts.backends.OidcBackend")

if TESTING:
    # Hashing with production strength costs ~0.3 s per login; tests log in thousands of times.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "borgerraadgiver.core.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Attachments: the limit a journal upload may not exceed.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Hardening. Production is the default: everything below holds unless DEBUG is
# set. The tests run with production settings too, except what needs TLS
# (secure cookies and the redirect to https), since the test client and the
# browser tests speak plain http; tests/security/test_deploy.py checks those
# in a fresh process with nothing but SECRET_KEY and ALLOWED_HOSTS set.
_TLS = not DEBUG and not TESTING

# The app runs behind a TLS-terminating proxy that sets X-Forwarded-Proto (and
# must overwrite one sent by the client). Set BEHIND_TLS_PROXY=0 only where
# the WSGI server itself is reached over TLS.
if env_bool("BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_TLS)
# Sent only over https. One year; the host's subdomains are the app's own.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Only a declaration: a host joins browsers' preload list when its domain's
# owner submits it there.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _TLS
CSRF_COOKIE_SECURE = _TLS
# Every form and htmx request takes the token from the page; no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
if _TLS:
    # __Host-: the browser accepts the cookie only from this exact host, over
    # https, for the whole site, so no sibling subdomain can set or shadow it.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not no-referrer: browsers then send "Origin: null" on POST, and Django's
# CSRF check refuses it. same-origin gives other sites nothing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from
# our own origin only; no inline script or style, no eval, no plug-ins, no
# framing. Templates load every script from static files and htmx is told not
# to inject its indicator style (base.html's htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # A form that is answered with a redirect to a single sign-on provider
        # needs that provider's origin here as well.
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes announces itself at INFO at every start, commands included.
        "axes.apps": {"level": "WARNING"},
    },
}
