"""Demo self-evaluation survey: version 1, published, with fifteen questions that follow
Warsaw's standards for day-support facilities ("Ankieta ewaluacyjna"). Questions are
data written by the coordinator in the installation's language: the demo's are Polish.
Running it again changes nothing."""

from django.db import transaction
from django.utils import timezone

from gemeinwerk.core.demo import DemoLogin
from gemeinwerk.programme.models_evaluation import Question, QuestionKind, Survey

TITLE = "Ankieta ewaluacyjna"
YES_NO, TEXT = QuestionKind.YES_NO, QuestionKind.TEXT

# kind, question, hint, points, required
QUESTIONS = [
    (
        YES_NO,
        "Czy placówka ma aktualny regulamin i statut udostępniony wychowankom i rodzicom?",
        "Zaznacz „tak”, jeśli regulamin jest dostępny na miejscu lub na stronie placówki.",
        2,
        True,
    ),
    (
        YES_NO,
        "Czy placówka jest otwarta co najmniej 4 godziny dziennie we wszystkie dni robocze?",
        "Chodzi o godziny otwarcia dla wychowanków, także w czasie ferii.",
        2,
        True,
    ),
    (
        YES_NO,
        "Czy dla każdego wychowanka prowadzona jest indywidualna karta pracy?",
        "Karta z diagnozą, celami i oceną postępów, aktualizowana co najmniej raz na pół roku.",
        2,
        True,
    ),
    (
        TEXT,
        "Jak placówka współpracuje z rodzicami lub opiekunami wychowanków?",
        "Np. konsultacje, spotkania, warsztaty dla rodziców: jak często i w jakiej formie.",
        3,
        True,
    ),
    (
        YES_NO,
        "Czy placówka zapewnia wychowankom posiłek w czasie zajęć?",
        "Zaznacz „tak”, jeśli posiłek jest codzienny, także gdy przygotowuje go partner.",
        1,
        True,
    ),
    (
        TEXT,
        "Jakie zajęcia rozwijające zainteresowania prowadziła placówka w ostatnim półroczu?",
        "Wymień zajęcia (np. plastyczne, sportowe, muzyczne) i liczbę uczestników.",
        3,
        True,
    ),
    (
        YES_NO,
        "Czy placówka zapewnia pomoc w nauce i odrabianiu lekcji?",
        "Regularnie, z udziałem kadry lub wolontariuszy.",
        2,
        True,
    ),
    (
        TEXT,
        "Z jakimi instytucjami lokalnymi współpracuje placówka?",
        "Np. szkoły, ośrodek pomocy społecznej, poradnia, kuratorzy (i w jakich sprawach).",
        2,
        True,
    ),
    (
        YES_NO,
        "Czy kadra placówki uczestniczyła w ostatnim roku w superwizji?",
        "Superwizja indywidualna lub grupowa prowadzona przez superwizora.",
        2,
        True,
    ),
    (
        TEXT,
        "Jakie szkolenia ukończyła kadra placówki w ostatnim roku?",
        "Tytuł szkolenia, organizator i liczba osób, które w nim uczestniczyły.",
        2,
        True,
    ),
    (
        YES_NO,
        "Czy placówka ma spisane standardy ochrony dzieci przed krzywdzeniem?",
        "Dokument z procedurami reagowania, znany całej kadrze.",
        3,
        True,
    ),
    (
        YES_NO,
        "Czy wychowankowie mają wpływ na program zajęć (np. rada wychowanków)?",
        "Zaznacz „tak”, jeśli wychowankowie regularnie współdecydują o zajęciach.",
        2,
        True,
    ),
    (
        TEXT,
        "Jak placówka sprawdza, czy jej działania przynoszą efekty?",
        "Np. ankiety, rozmowy ewaluacyjne, obserwacja postępów; opisz krótko.",
        2,
        True,
    ),
    (
        YES_NO,
        "Czy placówka organizowała w ostatnim roku wyjazd lub wypoczynek dla wychowanków?",
        "Wyjazd socjoterapeutyczny, kolonie, półkolonie lub wycieczki kilkudniowe.",
        1,
        True,
    ),
    (
        TEXT,
        "Jakie nowe rozwiązania lub projekty placówka chce wdrożyć w kolejnym półroczu?",
        "Opisz plany. To pytanie nie jest obowiązkowe, ale pomaga nam dobrać wsparcie.",
        3,
        False,
    ),
]


@transaction.atomic
def seed() -> list[DemoLogin]:
    if Survey.objects.filter(version=1).exists():
        return []
    survey = Survey.objects.create(version=1, title=TITLE, published_at=timezone.now())
    Question.objects.bulk_create(
        Question(
            survey=survey,
            position=position,
            kind=kind,
            text=text,
            hint=hint,
            points=points,
            required=required,
        )
        for position, (kind, text, hint, points, required) in enumerate(QUESTIONS, start=1)
    )
    return []
