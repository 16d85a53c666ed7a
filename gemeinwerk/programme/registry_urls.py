from django.urls import path

from gemeinwerk.programme import registry_views

app_name = "registry"

urlpatterns = [
    path("", registry_views.organisations, name="organisations"),
    path("import/", registry_views.upload, name="upload"),
    path("import/<int:pk>/", registry_views.preview, name="preview"),
    path("import/<int:pk>/confirm/", registry_views.confirm, name="confirm"),
    path("organisations/<int:pk>/", registry_views.organisation_edit, name="organisation"),
    path("facilities/<int:pk>/", registry_views.facility_edit, name="facility"),
]
