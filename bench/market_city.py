"""A city's neighbourhood help in a PostgreSQL database, for bench/market_search.py.

    .venv/bin/python bench/market_city.py [--members 50000] [--listings 100000]

(Re)creates the database `--database` (gemeinwerk_bench_market) over the unix socket
in /var/run/postgresql, migrates it and adds 12 districts (the categories come with
the market's migrations), `--members` verified members (bulk inserts, unusable
passwords, a profile with a display name each) and `--listings` listings: 70 % German,
30 % Polish, composed from phrase templates with inflected word forms; 60 % offers;
published over the past year, newer ones with higher ids as in a real installation;
80 % active, 5 % paused, 10 % closed (fulfilled, withdrawn or expired), 4 % drafts,
1 % hidden by staff. `search_document` is filled as the market's service fills it.

Marker words are planted at fixed shares of all listings, each in German and in
Polish: a rare word (0.08 %), a common one (1 %), a very common one (10 %)
(market_text.MARKERS). What each marker's query matches, counted with the search's
own tsquery, is stored with the sizes in var/bench/market_city.json, so the runner
can tell whether the database fits what it is asked for.
"""

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from market_text import DISTRICTS, MARKERS, TOPIC_CATEGORIES, compose, plant

ROOT = Path(__file__).resolve().parents[1]
PG_SOCKET = "/var/run/postgresql"
DATABASE = "gemeinwerk_bench_market"
HOST = "gemeinwerk.example"
META = ROOT / "var" / "bench" / "market_city.json"
BATCH = 5000
POLISH_SHARE = 0.3
# status: share of listings
STATUSES = [
    ("active", 0.80),
    ("paused", 0.05),
    ("fulfilled", 0.05),
    ("withdrawn", 0.03),
    ("expired", 0.02),
    ("draft", 0.04),
    ("hidden", 0.01),
]


def pg_connect(dbname: str = "postgres") -> Any:
    import psycopg

    return psycopg.connect(host=PG_SOCKET, dbname=dbname, autocommit=True, connect_timeout=3)


def recreate_database(name: str) -> None:
    from psycopg import sql

    with pg_connect() as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_url(name: str) -> str:
    return f"postgres:///{name}?host={PG_SOCKET}"


def production_env(database: str, static_root: Path | None = None) -> dict[str, str]:
    """Production settings on the benchmark's database (no Redis: local-memory cache)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    for name in ("REDIS_URL", "CHANNELS_PREFIX", "GEMEINWERK_SERVICES", "LOG_LEVEL"):
        env.pop(name, None)
    env.update(
        GEMEINWERK_ENV="production",
        DEBUG="false",
        SECRET_KEY="bench-" + os.urandom(32).hex() + "-Xy!",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url(database),
        EMAIL_URL="dummymail://",
        DJANGO_SETTINGS_MODULE="gemeinwerk.settings",
    )
    if static_root is not None:
        env["STATIC_ROOT"] = str(static_root)
    return env


def schema_fingerprint() -> str:
    """The migrations the database was made with: new ones mean a new database."""
    digest = hashlib.sha256()
    for file in sorted(ROOT.glob("gemeinwerk/*/migrations/*.py")):
        digest.update(file.relative_to(ROOT).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]


def search_document(title: str, description: str) -> str:
    """What the market's service stores (services/listings.py, `listing_document`)."""
    from gemeinwerk.market.services.listings import listing_document

    return listing_document(title, description)


def add_people(count: int, districts: list[Any]) -> list[int]:
    """Verified members with a display name; returns their ids."""
    from django.contrib.auth.hashers import make_password

    from gemeinwerk.accounts.models import Profile, TrustLevel, User
    from gemeinwerk.core.text import skeleton

    ids: list[int] = []
    unusable = make_password(None)
    for start in range(0, count, BATCH):
        names = [f"nachbar{n:06d}" for n in range(start, min(count, start + BATCH))]
        # bulk_create skips save(), which keeps the user name's skeleton: set it here.
        users = User.objects.bulk_create(
            User(
                username=name,
                username_skeleton=skeleton(name),
                email=f"{name}@example.org",
                trust_level=TrustLevel.VERIFIED,
                password=unusable,
            )
            for name in names
        )
        Profile.objects.bulk_create(
            Profile(
                user=user,
                display_name=f"Nachbar {user.username[7:]}",
                district=districts[n % len(districts)],
            )
            for n, user in enumerate(users)
        )
        ids += [user.pk for user in users]
    return ids


def pick_status(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for status, share in STATUSES:
        total += share
        if roll < total:
            return status
    return "active"


def add_listings(
    count: int, owners: list[int], districts: list[Any], categories: dict[str, Any], seed: int
) -> None:
    from django.utils import timezone

    from gemeinwerk.market.models import Listing

    rng = random.Random(seed)  # noqa: S311 (made-up data, not a secret)
    now = timezone.now()
    topics = list(TOPIC_CATEGORIES)
    languages = ["pl" if rng.random() < POLISH_SHARE else "de" for _ in range(count)]
    by_language = {
        code: [n for n, lang in enumerate(languages) if lang == code] for code in ("de", "pl")
    }
    planted: dict[int, list[Any]] = {}
    for marker in MARKERS:
        pool = by_language[marker.language]
        for n in rng.sample(pool, min(len(pool), max(1, round(marker.share * count)))):
            planted.setdefault(n, []).append(marker)
    # Ages over a year, oldest first: ids grow with time as in a real installation.
    ages = sorted((rng.random() * 365 for _ in range(count)), reverse=True)
    for start in range(0, count, BATCH):
        rows = []
        for n in range(start, min(count, start + BATCH)):
            kind = "offer" if rng.random() < 0.6 else "request"
            topic = rng.choice(topics)
            category = categories[rng.choice(TOPIC_CATEGORIES[topic])]
            district = rng.choice(districts)
            title, body = compose(rng, languages[n], kind, topic, district.name)
            title_free = True
            for marker in planted.get(n, []):
                took = plant(rng, marker, title, body, title_free=title_free)
                if took is not None:
                    title, title_free = took, False
            description = " ".join(body)
            created = now - timedelta(days=ages[n])
            status = pick_status(rng)
            hidden = status == "hidden"
            if hidden:
                status = "active"
            published = None if status == "draft" else created + timedelta(minutes=5)
            closed = status in ("fulfilled", "withdrawn", "expired")
            expires = None
            if status == "expired":
                expires = (created + timedelta(days=rng.randint(7, 60))).date()
            elif rng.random() < 0.3:
                expires = (now + timedelta(days=rng.randint(1, 120))).date()
            rows.append(
                Listing(
                    kind=kind,
                    title=title[:120],
                    description=description[:2000],
                    category=category,
                    district=district,
                    when=rng.choice(["", "", "vormittags", "abends", "am Wochenende"]),
                    weekdays=rng.randrange(128),
                    expires_on=expires,
                    status=status,
                    owner_id=rng.choice(owners),
                    created_at=created,
                    updated_at=created + timedelta(minutes=5),
                    published_at=published,
                    closed_at=created + timedelta(days=rng.randint(1, 30)) if closed else None,
                    hidden_at=created + timedelta(days=1) if hidden else None,
                    search_document=search_document(title, description),
                )
            )
        Listing.objects.bulk_create(rows)


def marker_counts() -> list[dict[str, Any]]:
    """How many listings each marker's query matches, by the search's own tsquery
    (gemeinwerk.core.search): all listings and the visible ones (active, not hidden)."""
    from functools import reduce

    from django.contrib.postgres.search import SearchQuery, SearchVectorExact
    from django.db import connection
    from django.db.models import Count, F, Q

    from gemeinwerk.core.search import CONFIGS, normalise
    from gemeinwerk.market.models import Listing

    visible = Q(status="active", hidden_at__isnull=True)
    total = Listing.objects.count()
    visible_total = Listing.objects.filter(visible).count()
    found = []
    for marker in MARKERS:
        text = normalise(marker.query)
        parses = [SearchQuery(text, config=c, search_type="websearch") for c in CONFIGS]
        tsquery = reduce(lambda a, b: a | b, parses)
        counted = Listing.objects.filter(SearchVectorExact(F("search_vector"), tsquery)).aggregate(
            matches=Count("pk"), visible=Count("pk", filter=visible)
        )
        found.append(
            {
                "marker": marker.name,
                "language": marker.language,
                "query": marker.query,
                "planted_share": marker.share,
                "matches": counted["matches"],
                "share": round(counted["matches"] / total, 5),
                "visible_matches": counted["visible"],
                "visible_share": round(counted["visible"] / visible_total, 5),
            }
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_ts_config c JOIN pg_ts_config_map m ON m.mapcfg = c.oid"
            " JOIN pg_ts_dict d ON d.oid = m.mapdict"
            " WHERE c.cfgname = 'polish' AND d.dictname = 'polish_hunspell' LIMIT 1"
        )
        hunspell = cursor.fetchone() is not None
    return [{"polish_hunspell": hunspell, "listings": total, "visible": visible_total}, *found]


def fill(members: int, listings: int, seed: int) -> dict[str, Any]:
    """The data, in this process (Django set up on the benchmark's database)."""
    import django

    django.setup()
    from django.db import connection, transaction

    from gemeinwerk.market.models import Category
    from gemeinwerk.places.models import District

    began = time.perf_counter()
    with transaction.atomic():
        districts = District.objects.bulk_create(
            District(name=name, slug=slug, description=f"Stadtteil {name}")
            for name, slug in DISTRICTS
        )
        # The categories every installation starts with (market migration 0002).
        categories = {category.slug: category for category in Category.objects.all()}
        wanted = {slug for slugs in TOPIC_CATEGORIES.values() for slug in slugs}
        if missing := wanted - set(categories):
            raise SystemExit(f"categories missing after migrate: {', '.join(sorted(missing))}")
        owners = add_people(members, districts)
    people_seconds = time.perf_counter() - began
    with transaction.atomic():
        add_listings(listings, owners, districts, categories, seed)
    listing_seconds = time.perf_counter() - began - people_seconds
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts = marker_counts()
    return {
        "people_seconds": round(people_seconds, 1),
        "listing_seconds": round(listing_seconds, 1),
        "summary": counts[0],
        "markers": counts[1:],
    }


def generate(database: str, members: int, listings: int, seed: int) -> dict[str, Any]:
    """(Re)creates and fills the database; writes and returns its description."""
    began = time.perf_counter()
    recreate_database(database)
    env = production_env(database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    migrated = time.perf_counter() - began
    filled = subprocess.run(  # noqa: S603 (this file, fixed arguments)
        [sys.executable, __file__, "--fill", *_sizes(database, members, listings, seed)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result = json.loads(filled.stdout.strip().splitlines()[-1])
    meta = {
        "database": database,
        "members": members,
        "listings": listings,
        "seed": seed,
        "schema": schema_fingerprint(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - began, 1),
        "migrate_seconds": round(migrated, 1),
        **result,
    }
    META.parent.mkdir(parents=True, exist_ok=True)
    META.write_text(json.dumps(meta, indent=2) + "\n")
    return meta


def current(database: str, members: int, listings: int, seed: int) -> dict[str, Any] | None:
    """The description of a database that fits what is asked for, if there is one."""
    try:
        meta = json.loads(META.read_text())
        with pg_connect(database) as connection:
            row = connection.execute("SELECT count(*) FROM market_listing").fetchone()
    except Exception:
        return None
    wanted = {"database": database, "members": members, "listings": listings, "seed": seed}
    fits = all(meta.get(key) == value for key, value in wanted.items())
    if fits and meta.get("schema") == schema_fingerprint() and row and row[0] == listings:
        return dict(meta)
    return None


def _sizes(database: str, members: int, listings: int, seed: int) -> list[str]:
    return [f"--database={database}", f"--members={members}", f"--listings={listings}",
            f"--seed={seed}"]  # fmt: skip


def describe(meta: dict[str, Any]) -> str:
    lines = [
        f"{meta['members']:,} members, {meta['listings']:,} listings "
        f"({meta['summary']['visible']:,} visible) in {meta['database']}: "
        f"generated in {meta['seconds']:.0f} s (migrate {meta['migrate_seconds']:.0f} s, "
        f"members {meta['people_seconds']:.0f} s, listings {meta['listing_seconds']:.0f} s)",
        "Polish configuration: "
        + ("Hunspell" if meta["summary"]["polish_hunspell"] else "`simple` (no Hunspell files)"),
    ]
    for m in meta["markers"]:
        lines.append(
            f"  {m['marker']:<12} {m['language']} {m['query']!r:<12} planted in "
            f"{m['planted_share'] * 100:.2f} %, matches {m['matches']:>6,} "
            f"({m['share'] * 100:.2f} %), visible {m['visible_matches']:,}"
        )
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=17)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.members < 1 or args.listings < 100:
        raise SystemExit("at least 1 member and 100 listings")
    if args.fill:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(fill(args.members, args.listings, args.seed)))
        return
    meta = generate(args.database, args.members, args.listings, args.seed)
    print(describe(meta))


if __name__ == "__main__":
    main()
