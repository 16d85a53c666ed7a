"""The categories every installation starts with (gemeinwerk/market/categories.py);
staff extend them in the admin. Existing rows are left as staff changed them."""

from typing import Any

from django.db import migrations

INITIAL = [
    ("shopping", "Einkaufen und Besorgungen", "Zakupy i sprawunki", "Shopping and errands"),
    ("company", "Gesellschaft und Gespräche", "Towarzystwo i rozmowy", "Company and conversation"),
    ("learning", "Lernen und Hausaufgaben", "Nauka i zadania domowe", "Learning and homework"),
    ("household", "Haushalt und Garten", "Dom i ogród", "Household and garden"),
    ("technology", "Technik und Internet", "Technika i internet", "Technology and the internet"),
    (
        "accompanying",
        "Begleitung und Wege",
        "Towarzyszenie i dojazdy",
        "Accompanying and getting around",
    ),
    ("repairs", "Kleine Reparaturen", "Drobne naprawy", "Small repairs"),
    ("languages", "Sprachen und Übersetzen", "Języki i tłumaczenia", "Languages and translating"),
    ("children", "Kinder betreuen", "Opieka nad dziećmi", "Looking after children"),
    ("pets", "Tiere", "Zwierzęta", "Pets"),
]


def add(apps: Any, schema_editor: Any) -> None:
    Category = apps.get_model("market", "Category")
    for position, (slug, de, pl, en) in enumerate(INITIAL, start=1):
        Category.objects.get_or_create(
            slug=slug,
            defaults={"name_de": de, "name_pl": pl, "name_en": en, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("market", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
