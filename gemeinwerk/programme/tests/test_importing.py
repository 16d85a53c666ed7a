"""Reading the official list: the shapes spreadsheet programs write, and every problem
reported with its line, all at once."""

from pathlib import Path

from gemeinwerk.programme import demo, importing
from gemeinwerk.programme.importing import MAX_BYTES, MAX_LINES, Row, parse

HEADER = "organisation_number;organisation;facility_number;facility;address;postcode;city;district"
LINE = "ORG-1;Fundacja Dom Otwarty;PWD-1;Placówka „Kamyk”;ul. Wolska 71;01-229;Warszawa;Wola"
SAMPLE = Path(__file__).resolve().parents[3] / "docs" / "samples" / "facility-registry.csv"


def csv(*lines: str) -> bytes:
    return "\r\n".join(lines).encode()


def messages(data: bytes) -> list[str]:
    return [str(problem) for problem in parse(data).problems]


def test_a_semicolon_file_is_read():
    parsed = parse(csv(HEADER, LINE))

    assert parsed.ok
    assert parsed.rows == [
        Row(
            line=2,
            organisation_number="ORG-1",
            organisation="Fundacja Dom Otwarty",
            facility_number="PWD-1",
            facility="Placówka „Kamyk”",
            address="ul. Wolska 71",
            postcode="01-229",
            city="Warszawa",
            district="Wola",
        )
    ]


def test_a_comma_file_with_quotes_and_a_bom_is_read():
    data = "\ufeff" + "\n".join(
        [
            HEADER.replace(";", ","),
            'ORG-1,"Fundacja Dom Otwarty, Warszawa",PWD-1,Kamyk,"ul. Wolska 71, lok. 2",,,',
        ]
    )

    parsed = parse(data.encode())

    assert parsed.ok, parsed.problems
    assert parsed.rows[0].organisation == "Fundacja Dom Otwarty, Warszawa"
    assert parsed.rows[0].address == "ul. Wolska 71, lok. 2"
    assert parsed.rows[0].organisation_number == "ORG-1"  # the BOM is not in the name


def test_columns_in_any_order_and_case_and_optional_ones_left_out():
    parsed = parse(
        csv("Facility;FACILITY_NUMBER;organisation;Organisation_Number", "Kamyk;P1;Dom;O1")
    )

    assert parsed.ok
    assert (parsed.rows[0].facility, parsed.rows[0].facility_number) == ("Kamyk", "P1")
    assert parsed.rows[0].district == ""


def test_a_file_that_is_not_utf8_gets_one_clear_error():
    assert messages(csv(HEADER, LINE).decode().encode("cp1250")) == [
        "The file is not in UTF-8. Open it in your spreadsheet program and save it as "
        "UTF-8 (“CSV UTF-8”)."
    ]


def test_missing_and_unknown_columns_are_named():
    problems = messages(csv("organisation_number;organisation;facility;phone", "O1;Dom;Kamyk;1"))

    assert problems == [
        "The first line must name the columns. This column is missing: facility_number.",
        "The file has a column the registry does not know: phone. The columns are: "
        "organisation_number, organisation, facility_number, facility, address, "
        "postcode, city, district.",
    ]


def test_every_problem_is_reported_with_its_line_not_only_the_first():
    problems = messages(
        csv(
            HEADER,
            LINE,
            "ORG-2;Stowarzyszenie;;Bez numeru;;;;",  # line 3
            "",  # blank lines are skipped
            "ORG-3;;PWD-3;Bez organizacji;;;;",  # line 5
            "ORG-4;Fundacja;PWD-4;Za długi kod;;" + "1" * 13 + ";;",  # line 6
            "ORG-1;Fundacja Dom Otwarty;PWD-1;Drugi raz;;;;",  # line 7
            "ORG-1;Inna nazwa;PWD-8;Placówka;;;;",  # line 8
            "ORG-9;Fundacja;PWD-9;Placówka;;;;;extra",  # line 9
        )
    )

    assert problems == [
        "line 3: the facility number is missing.",
        "line 5: the organisation's name is missing.",
        "line 6: the postcode is longer than 12 characters.",
        "line 7: the facility number PWD-1 is already on line 2.",
        "line 8: the organisation number ORG-1 has another name on line 2 "
        "(“Fundacja Dom Otwarty”).",
        "line 9: the line has more values than the first line names columns.",
    ]


def test_trailing_empty_values_and_lines_of_separators_are_harmless():
    parsed = parse(csv(HEADER, LINE + ";;", ";;;;;;;"))

    assert parsed.ok
    assert len(parsed.rows) == 1


def test_an_empty_file_or_one_without_facilities_is_refused():
    assert messages(b"") == ["The file is empty."]
    assert messages(csv(HEADER)) == ["The file has a header but no facilities."]


def test_the_limits_of_size_and_lines():
    too_many = csv(HEADER, *[f"O1;Dom;P{n};Kamyk;;;;" for n in range(MAX_LINES + 1)])
    just_enough = csv(HEADER, *[f"O1;Dom;P{n};Kamyk;;;;" for n in range(MAX_LINES)])

    assert messages(too_many) == ["The file has more than 5,000 lines. Split it into parts."]
    assert parse(just_enough).ok
    assert messages(b"x" * (MAX_BYTES + 1)) == [
        "The file is larger than 2 MB. Split it into parts."
    ]


def test_the_normalised_text_reads_back_to_the_same_rows():
    parsed = parse(csv(HEADER.replace(";", ","), LINE.replace(";", ",")))

    again = importing.parse_text(importing.as_text(parsed.rows))

    assert [row.facility_number for row in again.rows] == ["PWD-1"]
    assert again.rows[0].facility == "Placówka „Kamyk”"


def test_the_sample_file_for_coordinators_holds_the_demo_registry():
    parsed = parse(SAMPLE.read_bytes())

    assert parsed.ok, parsed.problems
    columns: tuple[str, ...] = (
        "organisation_number",
        "organisation",
        "facility_number",
        "facility",
    )
    columns += ("address", "postcode", "district")
    assert [tuple(getattr(r, c) for c in columns) for r in parsed.rows] == demo.REGISTRY
    assert {row.city for row in parsed.rows} == {demo.CITY}
