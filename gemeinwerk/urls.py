"""Routes: language-prefixed pages (German unprefixed, /pl/ and /en/), plus /healthz and
the installable web app's manifest and service worker."""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from gemeinwerk.core import views as core_views

# The admin signs in through allauth: the same throttling and two-factor login.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("gemeinwerk.core.pwa_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("gemeinwerk.core.urls")),
    path("accounts/", include("gemeinwerk.accounts.public_urls")),
    path("accounts/", include("allauth.urls")),
    path("me/", include("gemeinwerk.accounts.urls")),
    path("notifications/", include("gemeinwerk.notifications.urls")),
    path("members/", include("gemeinwerk.accounts.member_urls")),
    path("staff/", include("gemeinwerk.console.urls")),
    path("places/", include("gemeinwerk.places.urls")),
    path("networks/", include("gemeinwerk.networks.urls")),
    path("chat/", include("gemeinwerk.chat.urls")),
    path("report/", include("gemeinwerk.moderation.urls")),
    path("neighbourhood-help/", include("gemeinwerk.market.urls")),
    path("groups/", include("gemeinwerk.groups.urls")),
    path("join/", include("gemeinwerk.meetings.urls")),
    path("help/", include("gemeinwerk.help.urls")),
    path("facilities/", include("gemeinwerk.programme.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "gemeinwerk.core.views.bad_request"
handler403 = "gemeinwerk.core.views.permission_denied"
handler404 = "gemeinwerk.core.views.page_not_found"
handler500 = "gemeinwerk.core.views.server_error"
