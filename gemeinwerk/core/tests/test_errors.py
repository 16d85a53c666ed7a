import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gemeinwerk.core.tests.error_urls")]


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        ("/does-not-exist/", 404, "Wir konnten diese Seite nicht finden"),
        ("/pl/does-not-exist/", 404, "Nie znaleźliśmy tej strony"),
        ("/en/does-not-exist/", 404, "We could not find this page"),
        ("/test-errors/403/", 403, "Sie dürfen diese Seite nicht öffnen"),
        ("/pl/test-errors/403/", 403, "Nie możesz otworzyć tej strony"),
        ("/test-errors/400/", 400, "Anfrage nicht verstanden"),
        ("/en/test-errors/400/", 400, "Request not understood"),
        ("/test-errors/500/", 500, "Bei uns ist etwas schiefgegangen"),
        ("/pl/test-errors/500/", 500, "Coś poszło nie tak po naszej stronie"),
    ],
)
def test_error_pages_are_translated(client: Client, path: str, status: int, heading: str):
    client.raise_request_exception = False

    response = client.get(path)

    assert response.status_code == status
    assert heading in response.content.decode()


def test_bad_host_header_gets_the_plain_400_page(client: Client):
    response = client.get("/", headers={"host": "evil.example"})

    assert response.status_code == 400
    assert "Anfrage nicht verstanden" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/text-size/", "Dieses Formular ist abgelaufen"), ("/pl/text-size/", "Ten formularz wygasł")],
)
def test_csrf_failure_explains_in_plain_words(path: str, heading: str):
    client = Client(enforce_csrf_checks=True)

    response = client.post(path, {"size": "large"})

    assert response.status_code == 403
    assert heading in response.content.decode()
    assert "gw_text_size" not in response.cookies
