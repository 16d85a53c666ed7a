"""The networks' public pages are kept for anonymous visitors (core/pagecache.py) and
dropped as soon as what they show changes; what is personal is never kept."""

import pytest
from django.test import Client, override_settings

from gemeinwerk.networks.models import Initiative, InitiativeStatus
from gemeinwerk.networks.tests.factories import make_activity, make_network, networker_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_pages")]


@pytest.fixture
def kept_pages():
    with override_settings(GEMEINWERK_PAGE_CACHE=True):
        yield


def page(path: str, client: Client | None = None) -> str:
    return (client or Client()).get(path).content.decode()


def test_a_new_activity_shows_at_once_on_the_kept_pages():
    network = make_network()
    path = network.get_absolute_url()
    assert "Boule am Kanal" not in page(path)

    make_activity(network, title="Boule am Kanal")

    assert "Boule am Kanal" in page(path)


def test_an_accepted_initiative_and_a_changed_list_show_at_once():
    network = make_network(name="Netzwerk Hafen")
    assert "Netzwerk Hafen" in page("/networks/")
    before = page(network.get_absolute_url())
    Initiative.objects.create(
        network=network,
        title="Reparatur-Café",
        description="Einmal im Monat.",
        status=InitiativeStatus.ACCEPTED,
        decided_at=network.created_at,
    )
    network.name = "Netzwerk am Hafen"
    network.save()

    assert "Reparatur-Café" not in before
    assert "Reparatur-Café" in page(network.get_absolute_url())
    assert "Netzwerk am Hafen" in page("/networks/")


def test_the_personal_part_is_never_kept():
    network = make_network()
    path = network.get_absolute_url()
    page(path)  # kept for anonymous visitors
    networker = networker_of(network)
    client = Client()
    client.force_login(networker)

    assert f"/networks/{network.slug}/activities/new/" in page(path, client)
    assert f"/networks/{network.slug}/activities/new/" not in page(path)
