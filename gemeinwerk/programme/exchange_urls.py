"""The exchange point's routes, included under /facilities/exchange/ in the programme's
namespace (urls.py)."""

from django.urls import path

from gemeinwerk.programme import exchange_views

urlpatterns = [
    path("", exchange_views.exchange, name="exchange"),
    path("new/", exchange_views.new, name="exchange_new"),
    path("<int:pk>/", exchange_views.item, name="exchange_item"),
    path("<int:pk>/edit/", exchange_views.edit, name="exchange_edit"),
    path("<int:pk>/agree/", exchange_views.agree, name="exchange_agree"),
    path("<int:pk>/returned/", exchange_views.returned, name="exchange_returned"),
    path("<int:pk>/close/", exchange_views.close, name="exchange_close"),
]
