"""Districts and contact points: public pages."""

import pytest

from tests.matrix.cases import Case, Matrix, check, params, same
from tests.matrix.world import World

MATRIX: Matrix = {
    "places:list": [Case("/places/", expected=same(200))],
    "places:districts": [Case("/places/districts/", expected=same(200))],
    "places:district": [
        Case(lambda w: f"/places/districts/{w.home.district.slug}/", expected=same(200)),
        Case("/places/districts/no-such-district/", expected=same(404)),
    ],
    "places:detail": [
        Case(lambda w: f"/places/{w.home.slug}/", expected=same(200)),
        Case("/places/no-such-place/", expected=same(404)),
    ],
}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "name", "index"), params(MATRIX))
def test_route_answers_each_role_as_expected(world: World, role: str, name: str, index: int):
    check(world, role, MATRIX[name][index])
