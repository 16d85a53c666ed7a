from django.test import RequestFactory

from gemeinwerk.core.pagination import PER_PAGE, page_of, page_url, pagination


def test_page_links_keep_every_other_parameter_and_page_1_has_no_page():
    request = RequestFactory().get("/groups/", {"q": "Sucht & Hilfe", "topic": "x", "page": "2"})

    assert page_url(request, 3) == "/groups/?q=Sucht+%26+Hilfe&topic=x&page=3"
    assert page_url(request, 1) == "/groups/?q=Sucht+%26+Hilfe&topic=x"
    assert page_url(RequestFactory().get("/groups/", {"page": "2"}), 1) == "/groups/"


def test_pagination_links_only_the_pages_that_exist():
    request = RequestFactory().get("/places/", {"page": "2"})
    items = list(range(PER_PAGE * 2 + 1))

    middle = pagination(request, page_of(items, "2"))
    last = pagination(request, page_of(items, "3"))
    single = pagination(request, page_of(items[:PER_PAGE], None))

    assert (middle.previous_url, middle.next_url) == ("/places/", "/places/?page=3")
    assert (last.previous_url, last.next_url) == ("/places/?page=2", None)
    assert middle.needed
    assert not single.needed
    assert (single.previous_url, single.next_url) == (None, None)


def test_a_page_that_is_no_page_gives_the_first_or_the_last():
    items = list(range(PER_PAGE + 1))

    assert page_of(items, "abc").number == 1
    assert page_of(items, None).number == 1
    assert page_of(items, "99").number == 2
    assert page_of(items, "-3").number == 2
    assert page_of([], "5").number == 1
