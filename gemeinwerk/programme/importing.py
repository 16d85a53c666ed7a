"""Reading the city's official list of facilities from a CSV file.

Coordinators export the list from a spreadsheet program, so the file comes in the shapes
those programs write: `;` (German and Polish settings) or `,` between values, UTF-8 with
or without a byte order mark. Every line is checked and every problem is reported with
its line number, so that the coordinator fixes the file in one go instead of uploading
it once per mistake. Nothing here writes: services/registry.py applies what was read."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gemeinwerk.programme.models import Facility, Organisation

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000

REQUIRED = ("organisation_number", "organisation", "facility_number", "facility")
OPTIONAL = ("address", "postcode", "city", "district")
COLUMNS = REQUIRED + OPTIONAL

# Column -> the model field whose length it must fit.
_FIELDS = {
    "organisation_number": Organisation._meta.get_field("number"),
    "organisation": Organisation._meta.get_field("name"),
    "facility_number": Facility._meta.get_field("number"),
    "facility": Facility._meta.get_field("name"),
    "address": Facility._meta.get_field("address"),
    "postcode": Facility._meta.get_field("postcode"),
    "city": Facility._meta.get_field("city"),
    "district": Facility._meta.get_field("district"),
}


def _column_name(column: str) -> str:
    """How a message names a column: its own words, as the coordinator reads them."""
    names = {
        "organisation_number": _("the organisation number"),
        "organisation": _("the organisation's name"),
        "facility_number": _("the facility number"),
        "facility": _("the facility's name"),
        "address": _("the address"),
        "postcode": _("the postcode"),
        "city": _("the town or city"),
        "district": _("the district"),
    }
    return names[column]


@dataclass(frozen=True)
class Row:
    """One facility of the list, with its organisation; `line` is where it stands."""

    line: int
    organisation_number: str
    organisation: str
    facility_number: str
    facility: str
    address: str = ""
    postcode: str = ""
    city: str = ""
    district: str = ""


@dataclass(frozen=True)
class Problem:
    """What is wrong, and on which line (None: the file as a whole)."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("line %(line)s: %(problem)s") % {"line": self.line, "problem": self.message}


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode(data: bytes) -> str | None:
    """The file's text, or None when it is not UTF-8 (a BOM is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def delimiter_of(header: str) -> str:
    """`;` or `,`: whichever the header line has more of (outside quotes, as the column
    names hold neither)."""
    return ";" if header.count(";") >= header.count(",") else ","


def parse(data: bytes) -> Parsed:
    """The rows of the file, or every problem found in it."""
    if len(data) > MAX_BYTES:
        return Parsed(problems=[Problem(_("The file is larger than 2 MB. Split it into parts."))])
    text = decode(data)
    if text is None:
        return Parsed(
            problems=[
                Problem(
                    _(
                        "The file is not in UTF-8. Open it in your spreadsheet program "
                        "and save it as UTF-8 (“CSV UTF-8”)."
                    )
                )
            ]
        )
    return parse_text(text)


def parse_text(text: str) -> Parsed:
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        return Parsed(problems=[Problem(_("The file is empty."))])
    if len(lines) > MAX_LINES + 1:
        return Parsed(
            problems=[
                Problem(
                    ngettext(
                        "The file has more than %(count)s line. Split it into parts.",
                        "The file has more than %(count)s lines. Split it into parts.",
                        MAX_LINES,
                    )
                    % {"count": number_format(MAX_LINES, force_grouping=True)}
                )
            ]
        )
    reader = csv.reader(lines, delimiter=delimiter_of(lines[0]))
    result = Parsed()
    try:
        columns = _header(next(reader), result)
        if columns is None:
            return result
        for values in reader:
            _row(values, reader.line_num, columns, result)
    except csv.Error:
        result.problems.append(
            Problem(
                _("the line cannot be read as CSV (a quote mark is not closed)."), reader.line_num
            )
        )
    _duplicates(result)
    if not result.rows and result.ok:
        result.problems.append(Problem(_("The file has a header but no facilities.")))
    return result


def as_text(rows: list[Row]) -> str:
    """The rows as a checked, normalised file again (`;`, a header, no blank lines): what
    the server keeps between the preview and the confirmation."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([getattr(row, column) for column in COLUMNS])
    return out.getvalue()


def _header(values: list[str], result: Parsed) -> list[str] | None:
    columns = [value.strip().lower() for value in values]
    unknown = [column for column in columns if column and column not in COLUMNS]
    missing = [column for column in REQUIRED if column not in columns]
    twice = sorted({column for column in columns if column and columns.count(column) > 1})
    if missing:
        result.problems.append(
            Problem(
                ngettext(
                    "The first line must name the columns. This column is missing: %(columns)s.",
                    "The first line must name the columns. These columns are missing: %(columns)s.",
                    len(missing),
                )
                % {"columns": ", ".join(missing)}
            )
        )
    if unknown:
        result.problems.append(
            Problem(
                ngettext(
                    "The file has a column the registry does not know: %(columns)s. "
                    "The columns are: %(known)s.",
                    "The file has columns the registry does not know: %(columns)s. "
                    "The columns are: %(known)s.",
                    len(unknown),
                )
                % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
            )
        )
    if twice:
        result.problems.append(
            Problem(_("These columns appear twice: %(columns)s.") % {"columns": ", ".join(twice)})
        )
    return None if result.problems else columns


def _row(values: list[str], line: int, columns: list[str], result: Parsed) -> None:
    values = [value.strip() for value in values]
    if not any(values):
        return  # an empty line, or one of only separators, as spreadsheets leave them
    if len(values) > len(columns) and any(values[len(columns) :]):
        result.problems.append(
            Problem(_("the line has more values than the first line names columns."), line)
        )
        return
    found = dict(zip(columns, values, strict=False))
    fine = True
    for column in REQUIRED:
        if not found.get(column):
            result.problems.append(
                Problem(_("%(column)s is missing.") % {"column": _column_name(column)}, line)
            )
            fine = False
    for column in COLUMNS:
        limit = _FIELDS[column].max_length
        if limit is not None and len(found.get(column, "")) > limit:
            result.problems.append(
                Problem(
                    ngettext(
                        "%(column)s is longer than %(limit)s character.",
                        "%(column)s is longer than %(limit)s characters.",
                        limit,
                    )
                    % {"column": _column_name(column), "limit": limit},
                    line,
                )
            )
            fine = False
    if fine:
        result.rows.append(Row(line=line, **{column: found.get(column, "") for column in COLUMNS}))


def _duplicates(result: Parsed) -> None:
    """A facility number twice, or one organisation number under two names."""
    facilities: dict[str, Row] = {}
    organisations: dict[str, Row] = {}
    kept = []
    for row in result.rows:
        first = facilities.get(row.facility_number)
        if first is not None:
            result.problems.append(
                Problem(
                    _("the facility number %(number)s is already on line %(first)s.")
                    % {"number": row.facility_number, "first": first.line},
                    row.line,
                )
            )
            continue
        facilities[row.facility_number] = row
        named = organisations.setdefault(row.organisation_number, row)
        if named.organisation != row.organisation:
            result.problems.append(
                Problem(
                    _(
                        "the organisation number %(number)s has another name on line "
                        "%(first)s (“%(name)s”)."
                    )
                    % {
                        "number": row.organisation_number,
                        "first": named.line,
                        "name": named.organisation,
                    },
                    row.line,
                )
            )
            continue
        kept.append(row)
    result.rows = kept
    result.problems.sort(key=lambda problem: problem.line or 0)
