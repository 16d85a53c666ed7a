"""Routes: language-prefixed pages (German unprefixed, /pl/ and /en/), plus /healthz."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from gemeinwerk.core import views as core_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", core_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("gemeinwerk.core.urls")),
    path("accounts/", include("gemeinwerk.accounts.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "gemeinwerk.core.views.bad_request"
handler403 = "gemeinwerk.core.views.permission_denied"
handler404 = "gemeinwerk.core.views.page_not_found"
handler500 = "gemeinwerk.core.views.server_error"
