"""Text for the city-scale neighbourhood-help data (bench/market_city.py): listings in
German and Polish, composed from phrase templates, and the marker words planted at
controlled frequencies.

The phrases use the words in many inflected forms (Garten/Gärten/Gartenarbeit,
dziecko/dzieci/dziećmi), so stemming decides what a query finds. None of the ordinary
phrases contains a marker word in any form: a marker's frequency is exactly what the
generator plants.
"""

import random
from dataclasses import dataclass

# The phrase tables' topics and the categories (market migration 0002) they go under.
TOPIC_CATEGORIES = {
    "besorgungen": ["shopping"],
    "garten": ["household"],
    "haushalt": ["household"],
    "begleitung": ["accompanying", "company"],
    "technik": ["technology"],
    "reparaturen": ["repairs"],
    "kinder": ["children"],
    "tiere": ["pets"],
    "lernen": ["learning", "languages"],
    "transport": ["household", "accompanying"],
    "freizeit": ["company"],
    "behoerden": ["accompanying", "languages"],
}

DISTRICTS = [
    ("Altstadt", "altstadt"),
    ("Nordstadt", "nordstadt"),
    ("Südstadt", "suedstadt"),
    ("Weststadt", "weststadt"),
    ("Oststadt", "oststadt"),
    ("Hafenviertel", "hafenviertel"),
    ("Bahnhofsviertel", "bahnhofsviertel"),
    ("Lindenau", "lindenau"),
    ("Neustadt", "neustadt"),
    ("Kirchberg", "kirchberg"),
    ("Feldmark", "feldmark"),
    ("Am Stadtpark", "am-stadtpark"),
]

# The phrase tables keep their compact layout.
# fmt: off
# Per topic: offer titles, request titles, sentences (German).
DE: dict[str, tuple[list[str], list[str], list[str]]] = {
    "besorgungen": (
        ["Ich erledige Besorgungen für Sie", "Hilfe bei Besorgungen in der {d}",
         "Gänge zur Apotheke und zur Post"],
        ["Wer holt meine Medikamente aus der Apotheke?", "Suche Hilfe bei Besorgungen",
         "Brauche jemanden für Wege zur Post"],
        ["Ich gehe gern für Sie zur Apotheke, zur Post oder zum Markt.",
         "Schwere Getränkekisten trage ich Ihnen bis in die Wohnung.",
         "Rezepte bringe ich zur Praxis und hole die Arzneimittel ab.",
         "Seit einer Operation kann ich keine schweren Taschen tragen.",
         "Die Wege zum Wochenmarkt fallen mir mit dem Rollator schwer."],
    ),
    "garten": (
        ["Ich helfe im Garten", "Rasenmähen und Heckenschneiden", "Gartenarbeit im Frühling"],
        ["Suche Hilfe für meinen Garten", "Wer gießt meine Blumen im Urlaub?",
         "Hilfe beim Unkrautjäten gesucht"],
        ["Ich mähe Rasenflächen, schneide Hecken und jäte Unkraut in den Beeten.",
         "Im Herbst recht jemand das Laub zusammen und bringt es zum Grünschnitt.",
         "Mein Schrebergarten wächst mir über den Kopf, die Beete verwildern.",
         "Während meines Urlaubs müssen die Tomaten und Balkonpflanzen gegossen werden.",
         "Gartengeräte wie Rasenmäher und Heckenschere sind vorhanden."],
    ),
    "haushalt": (
        ["Hilfe im Haushalt", "Ich bügle und putze Fenster", "Unterstützung beim Kochen"],
        ["Suche Hilfe beim Fensterputzen", "Wer hilft mir beim Aufräumen?",
         "Unterstützung im Haushalt gesucht"],
        ["Fenster putzen, Wäsche aufhängen und bügeln gehören zu meinen Stärken.",
         "Ich koche gern und bereite Mahlzeiten für mehrere Tage vor.",
         "Nach dem Krankenhausaufenthalt schaffe ich den Haushalt nicht allein.",
         "Die Gardinen müssten abgenommen, gewaschen und wieder aufgehängt werden.",
         "Beim Ausmisten des Kellers brauche ich eine zweite Hand."],
    ),
    "begleitung": (
        ["Begleitung zu Arztterminen", "Gemeinsame Spaziergänge", "Ich begleite Sie gern"],
        ["Suche Begleitung zum Arzt", "Wer geht mit mir spazieren?",
         "Begleitung ins Theater gesucht"],
        ["Ich begleite Sie zu Ärztinnen, Ämtern und Behörden und warte auch gern mit.",
         "Gemeinsame Spaziergänge im Park tun uns beiden gut.",
         "Seit dem Tod meines Mannes bin ich viel allein und freue mich über Gesellschaft.",
         "Mit dem Bus zur Klinik zu fahren, traue ich mich allein nicht mehr.",
         "Wir könnten zusammen Kaffee trinken, Karten spielen oder uns unterhalten."],
    ),
    "technik": (
        ["Hilfe am Computer und Handy", "Ich erkläre Smartphones", "Computerhilfe für Senioren"],
        ["Wer richtet mein neues Handy ein?", "Suche Hilfe bei Videoanrufen",
         "Probleme mit dem Drucker"],
        ["Ich richte Smartphones und Tablets ein und erkläre Videoanrufe mit den Enkeln.",
         "Den Drucker, das WLAN und die Updates bekommen wir gemeinsam in den Griff.",
         "Mein Laptop ist sehr langsam geworden und zeigt merkwürdige Meldungen.",
         "Ich möchte lernen, wie man Fotos verschickt und Termine online bucht.",
         "Geduldige Erklärungen ohne Fachbegriffe sind mir wichtig."],
    ),
    "reparaturen": (
        ["Kleine Reparaturen im Haushalt", "Ich repariere Möbel und Lampen",
         "Handwerkliche Hilfe"],
        ["Wer hängt meine Lampen auf?", "Suche Hilfe beim Regalaufbau",
         "Tropfender Wasserhahn"],
        ["Ich baue Regale und Schränke auf, hänge Bilder und Lampen auf.",
         "Werkzeug bringe ich mit, von der Bohrmaschine bis zum Schraubenzieher.",
         "Der Wasserhahn in der Küche tropft und die Schranktür hängt schief.",
         "Ein Stuhlbein wackelt, die Schubladen klemmen.",
         "Kleinere Arbeiten an Türen, Fenstern und Möbeln erledige ich zuverlässig."],
    ),
    "kinder": (
        ["Kinderbetreuung am Nachmittag", "Ich passe auf Ihre Kinder auf",
         "Leihoma für kleine Kinder"],
        ["Suche Betreuung für meine Tochter", "Wer holt unseren Sohn aus der Kita ab?",
         "Babysitter für zwei Kinder gesucht"],
        ["Ich spiele, bastle und lese mit Kindern und helfe bei den Hausaufgaben.",
         "Unsere Kinder sind fünf und acht Jahre alt und sehr aufgeweckt.",
         "Als alleinerziehende Mutter brauche ich an zwei Abenden Unterstützung.",
         "Abholen von der Kita und der Grundschule ist kein Problem.",
         "Ich habe selbst drei Enkelkinder und viel Erfahrung mit Kleinkindern."],
    ),
    "tiere": (
        ["Ich gehe mit Ihrem Hund spazieren", "Katzenbetreuung im Urlaub",
         "Tierbetreuung in der {d}"],
        ["Wer geht mit meinem Hund Gassi?", "Suche Katzensitter", "Betreuung für Kaninchen"],
        ["Ich gehe mit Hunden jeder Größe spazieren, auch bei Regen.",
         "Meine Katze braucht während meines Krankenhausaufenthalts Futter und Zuwendung.",
         "Die Meerschweinchen und Kaninchen müssen täglich gefüttert werden.",
         "Mein Hund ist ein freundlicher, älterer Labrador und läuft gut an der Leine.",
         "Tierarzttermine kann ich übernehmen, ein Auto ist vorhanden."],
    ),
    "lernen": (
        ["Nachhilfe in Mathematik", "Deutsch lernen im Gespräch", "Ich helfe bei Hausaufgaben"],
        ["Suche Nachhilfe für Englisch", "Wer übt mit mir Deutsch?",
         "Hilfe bei Bewerbungen gesucht"],
        ["Ich gebe Nachhilfe in Mathematik, Deutsch und Englisch bis zur zehnten Klasse.",
         "Wir üben Deutsch in Gesprächen beim Kaffee, ganz ohne Grammatikstress.",
         "Mein Sohn braucht Unterstützung in Mathe vor den Prüfungen.",
         "Bewerbungen und Lebensläufe schreiben wir zusammen am Computer.",
         "Ich spreche Polnisch, Russisch und ein wenig Ukrainisch."],
    ),
    "transport": (
        ["Hilfe beim Umzug", "Transporter für kleine Transporte", "Ich trage Kisten und Möbel"],
        ["Suche Hilfe beim Umzug", "Wer transportiert ein Sofa?",
         "Helfende Hände für den Umzug"],
        ["Mit meinem Transporter fahre ich Möbel, Kisten und Sperrmüll.",
         "Für den Umzug in die neue Wohnung brauche ich kräftige Helfer.",
         "Das Sofa muss aus dem dritten Stock ohne Aufzug getragen werden.",
         "Kartons packen und Schränke abbauen gehört dazu.",
         "Fahrten zum Wertstoffhof übernehme ich am Wochenende."],
    ),
    "freizeit": (
        ["Gemeinsam kochen und essen", "Spielenachmittag im Viertel",
         "Mitspielerinnen für Schach gesucht"],
        ["Wer spielt mit mir Schach?", "Suche Gesellschaft für Ausflüge",
         "Begleitung zum Chor gesucht"],
        ["Wir treffen uns zum Kochen, Spielen und Erzählen im Nachbarschaftstreff.",
         "Ich suche Leute für Ausflüge in die Umgebung und kleine Wanderungen.",
         "Schach, Skat und Rommé spiele ich leidenschaftlich gern.",
         "Im Chor der Gemeinde sind noch Plätze frei, Vorkenntnisse braucht es nicht.",
         "Gemeinsames Stricken und Nähen macht in Gesellschaft mehr Spaß."],
    ),
    "behoerden": (
        ["Hilfe bei Formularen", "Ich begleite Sie zu Behörden", "Unterstützung bei Anträgen"],
        ["Wer hilft mir mit dem Antrag?", "Suche Hilfe bei Briefen vom Amt",
         "Formulare für die Rente"],
        ["Ich helfe beim Ausfüllen von Anträgen, Formularen und Briefen an Behörden.",
         "Die Schreiben von der Krankenkasse und vom Jobcenter verstehe ich nicht.",
         "Den Antrag auf Wohngeld möchte ich gemeinsam ausfüllen.",
         "Ich habe lange in einer Verwaltung gearbeitet und kenne die Abläufe.",
         "Termine beim Bürgeramt buche ich gern online für Sie."],
    ),
}

# Per topic: offer titles, request titles, sentences (Polish).
PL: dict[str, tuple[list[str], list[str], list[str]]] = {
    "besorgungen": (
        ["Załatwię sprawunki", "Pomoc w sprawunkach", "Chodzę do apteki i na pocztę"],
        ["Kto odbierze moje leki z apteki?", "Szukam pomocy przy sprawunkach",
         "Potrzebuję kogoś do wyjścia na pocztę"],
        ["Chętnie pójdę za Ciebie do apteki, na pocztę albo na targ.",
         "Ciężkie skrzynki z napojami wniosę do mieszkania.",
         "Zaniosę recepty do przychodni i odbiorę lekarstwa.",
         "Po operacji nie mogę nosić ciężkich toreb.",
         "Droga na targ z balkonikiem jest dla mnie trudna."],
    ),
    "garten": (
        ["Pomogę w ogrodzie", "Koszenie trawy i przycinanie żywopłotu", "Prace ogrodowe wiosną"],
        ["Szukam pomocy w ogrodzie", "Kto podleje moje kwiaty podczas urlopu?",
         "Potrzebna pomoc przy pieleniu"],
        ["Koszę trawniki, przycinam żywopłoty i pielę grządki.",
         "Jesienią trzeba zagrabić liście i wywieźć je do kompostowni.",
         "Moja działka mnie przerasta, grządki zarastają chwastami.",
         "Podczas mojego urlopu trzeba podlewać pomidory i kwiaty na balkonie.",
         "Kosiarka i nożyce do żywopłotu są na miejscu."],
    ),
    "haushalt": (
        ["Pomoc w domu", "Prasuję i myję okna", "Pomogę przy gotowaniu"],
        ["Szukam pomocy przy myciu okien", "Kto pomoże mi posprzątać?",
         "Potrzebne wsparcie w domu"],
        ["Mycie okien, wieszanie prania i prasowanie to moje mocne strony.",
         "Lubię gotować i przygotuję posiłki na kilka dni.",
         "Po pobycie w szpitalu nie daję sobie rady sama z domem.",
         "Trzeba zdjąć firanki, wyprać je i powiesić z powrotem.",
         "Przy porządkach w piwnicy przyda mi się druga para rąk."],
    ),
    "begleitung": (
        ["Towarzyszę do lekarza", "Wspólne spacery", "Chętnie dotrzymam towarzystwa"],
        ["Szukam osoby do towarzystwa u lekarza", "Kto pójdzie ze mną na spacer?",
         "Towarzystwo do teatru"],
        ["Pójdę z Tobą do lekarzy i urzędów, chętnie też poczekam.",
         "Wspólne spacery po parku dobrze nam obojgu zrobią.",
         "Od śmierci męża jestem często sama i cieszę się z towarzystwa.",
         "Boję się sama jechać autobusem do kliniki.",
         "Możemy razem napić się kawy, pograć w karty albo porozmawiać."],
    ),
    "technik": (
        ["Pomoc przy komputerze i telefonie", "Wyjaśnię smartfona",
         "Pomoc komputerowa dla seniorów"],
        ["Kto skonfiguruje mój nowy telefon?", "Szukam pomocy przy rozmowach wideo",
         "Problemy z drukarką"],
        ["Konfiguruję smartfony i tablety, pokazuję rozmowy wideo z wnukami.",
         "Z drukarką, wifi i aktualizacjami poradzimy sobie razem.",
         "Mój laptop bardzo zwolnił i pokazuje dziwne komunikaty.",
         "Chcę się nauczyć wysyłać zdjęcia i umawiać wizyty przez internet.",
         "Ważne są dla mnie cierpliwe wyjaśnienia bez fachowych słów."],
    ),
    "reparaturen": (
        ["Drobne naprawy w domu", "Naprawiam meble i lampy", "Złota rączka"],
        ["Kto powiesi moje lampy?", "Szukam pomocy przy składaniu regału", "Cieknący kran"],
        ["Składam regały i szafy, wieszam obrazy i lampy.",
         "Przyniosę narzędzia, od wiertarki po śrubokręt.",
         "Kran w kuchni cieknie, a drzwi szafki wiszą krzywo.",
         "Noga krzesła się chwieje, szuflady się zacinają.",
         "Drobne prace przy drzwiach, oknach i meblach wykonam rzetelnie."],
    ),
    "kinder": (
        ["Opieka nad dziećmi po południu", "Zaopiekuję się dziećmi", "Przyszywana babcia"],
        ["Szukam opieki dla córki", "Kto odbierze syna z przedszkola?",
         "Opiekunka do dwojga dzieci"],
        ["Bawię się z dziećmi, majsterkuję, czytam i pomagam w lekcjach.",
         "Nasze dzieci mają pięć i osiem lat i są bardzo żywe.",
         "Jako samotna matka potrzebuję wsparcia w dwa wieczory.",
         "Odbiór z przedszkola i ze szkoły podstawowej to żaden problem.",
         "Mam troje wnucząt i duże doświadczenie z małymi dziećmi."],
    ),
    "tiere": (
        ["Wyprowadzę Twojego psa", "Opieka nad kotem w czasie urlopu",
         "Opieka nad zwierzętami w dzielnicy {d}"],
        ["Kto wyprowadzi mojego psa?", "Szukam opieki dla kota", "Opieka nad królikami"],
        ["Wyprowadzam psy każdej wielkości, także w deszczu.",
         "Mój kot potrzebuje jedzenia i uwagi, gdy będę w szpitalu.",
         "Świnki morskie i króliki trzeba codziennie karmić.",
         "Mój pies to przyjazny, starszy labrador, dobrze chodzi na smyczy.",
         "Mogę jeździć do weterynarza, mam samochód."],
    ),
    "lernen": (
        ["Korepetycje z matematyki", "Nauka niemieckiego w rozmowie", "Pomogę w lekcjach"],
        ["Szukam korepetycji z angielskiego", "Kto poćwiczy ze mną niemiecki?",
         "Pomoc przy podaniach o pracę"],
        ["Udzielam korepetycji z matematyki, niemieckiego i angielskiego.",
         "Ćwiczymy niemiecki w rozmowach przy kawie, bez stresu z gramatyką.",
         "Mój syn potrzebuje pomocy z matematyki przed egzaminami.",
         "Razem napiszemy podania i życiorysy na komputerze.",
         "Mówię po polsku, po rosyjsku i trochę po ukraińsku."],
    ),
    "transport": (
        ["Pomoc przy przeprowadzce", "Bus do małych przewozów", "Noszę kartony i meble"],
        ["Szukam pomocy przy przeprowadzce", "Kto przewiezie kanapę?",
         "Pomocne ręce do przeprowadzki"],
        ["Moim busem przewożę meble, kartony i gabaryty.",
         "Do przeprowadzki do nowego mieszkania potrzebuję silnych pomocników.",
         "Kanapę trzeba znieść z trzeciego piętra bez windy.",
         "Pakowanie kartonów i rozkręcanie szaf też wchodzi w grę.",
         "W weekendy jeżdżę do punktu zbiórki odpadów."],
    ),
    "freizeit": (
        ["Wspólne gotowanie i jedzenie", "Popołudnie z grami w dzielnicy",
         "Szukam partnerów do szachów"],
        ["Kto zagra ze mną w szachy?", "Szukam towarzystwa na wycieczki",
         "Towarzystwo do chóru"],
        ["Spotykamy się, żeby gotować, grać i rozmawiać w klubie sąsiedzkim.",
         "Szukam osób na wycieczki po okolicy i krótkie wędrówki.",
         "Z pasją gram w szachy, skata i remika.",
         "W chórze parafialnym są jeszcze wolne miejsca, nie trzeba umieć śpiewać.",
         "Wspólne robienie na drutach i szycie w towarzystwie cieszy bardziej."],
    ),
    "behoerden": (
        ["Pomoc przy formularzach", "Pójdę z Tobą do urzędu", "Pomoc przy wnioskach"],
        ["Kto pomoże mi z wnioskiem?", "Szukam pomocy z listami z urzędu",
         "Formularze do emerytury"],
        ["Pomagam wypełniać wnioski, formularze i listy do urzędów.",
         "Nie rozumiem pism z kasy chorych i z urzędu pracy.",
         "Chcę razem wypełnić wniosek o dodatek mieszkaniowy.",
         "Długo pracowałam w administracji i znam procedury.",
         "Chętnie umówię dla Ciebie wizytę w urzędzie przez internet."],
    ),
}

DE_OPENERS = {
    "offer": ["Guten Tag!", "Hallo aus der {d}!", "Ich bin Rentnerin und habe Zeit.",
              "Ich bin Student und wohne in der {d}.", "Ich helfe gern in der Nachbarschaft."],
    "request": ["Guten Tag!", "Ich wohne in der {d} und brauche Unterstützung.",
                "Ich bin 82 Jahre alt und lebe allein.", "Wir sind eine Familie mit zwei Kindern.",
                "Leider schaffe ich das nicht mehr allein."],
}
PL_OPENERS = {
    "offer": ["Dzień dobry!", "Pozdrowienia z dzielnicy {d}!", "Jestem emerytką i mam czas.",
              "Jestem studentem i mieszkam w dzielnicy {d}.", "Chętnie pomagam sąsiadom."],
    "request": ["Dzień dobry!", "Mieszkam w dzielnicy {d} i potrzebuję wsparcia.",
                "Mam 82 lata i mieszkam sama.", "Jesteśmy rodziną z dwójką dzieci.",
                "Niestety nie daję już rady sama."],
}
DE_WHEN = ["Ich habe montags und mittwochs Zeit.", "Am besten vormittags zwischen 9 und 12 Uhr.",
           "Abends nach 18 Uhr und an Wochenenden.", "Donnerstags und freitags am Nachmittag.",
           "Nach Absprache, auch kurzfristig.", "Einmal in der Woche, gern regelmäßig."]
PL_WHEN = ["Mam czas w poniedziałki i środy.", "Najlepiej przed południem, od 9 do 12.",
           "Wieczorami po 18 i w weekendy.", "W czwartki i piątki po południu.",
           "Po uzgodnieniu, także w krótkim terminie.", "Raz w tygodniu, chętnie regularnie."]
DE_CLOSERS = ["Schreiben Sie mir einfach!", "Ich freue mich auf Ihre Nachricht.",
              "Vielen Dank im Voraus!", "Melden Sie sich gern über die Plattform."]
PL_CLOSERS = ["Po prostu napisz do mnie!", "Czekam na wiadomość.", "Z góry dziękuję!",
              "Odezwij się przez platformę."]
# fmt: on


@dataclass(frozen=True)
class Marker:
    """A word planted in a share of the listings: the query differs from (most of) the
    stored forms, so stemming has to bring them together."""

    name: str
    language: str
    share: float
    query: str
    titles: tuple[str, ...]
    sentences: tuple[str, ...]


# On PostgreSQL's `german` configuration each German form stems like its query
# (aquarium, fahrrad, einkauf). Polish forms meet their query through the Hunspell
# dictionary; without it (`polish` = `simple`) only the form equal to the query does.
MARKERS = [
    Marker("rare", "de", 0.0008, "Aquariums",
           ("Pflege für Ihr Aquarium",),
           ("Ihr Aquarium versorge ich, solange Sie verreist sind.",
            "Beim Reinigen vom Aquarium helfe ich auch.")),
    Marker("rare", "pl", 0.0008, "akwarium",
           ("Opieka nad akwarium",),
           ("Mam doświadczenie w akwariach słodkowodnych.",
            "Pomogę przy czyszczeniu akwariów.", "Zadbam o Twoje akwarium podczas urlopu.")),
    Marker("common", "de", 0.01, "Fahrrads",
           ("Ich repariere Fahrräder", "Hilfe mit dem Fahrrad"),
           ("Auch Fahrräder bringe ich wieder in Schuss.",
            "Mit Fahrrädern und Anhängern kenne ich mich aus.",
            "Mein Fahrrad hat einen Platten.")),
    Marker("common", "pl", 0.01, "rowery",
           ("Naprawiam rowery", "Pomoc z rowerem"),
           ("Jeżdżę rowerem po całej dzielnicy.", "Potrafię też naprawić koło roweru.",
            "Mam dwa rowery i przyczepkę.", "Znam się na naprawie rowerów.")),
    Marker("very common", "de", 0.10, "Einkaufs",
           ("Ich übernehme Ihre Einkäufe", "Hilfe beim Einkauf"),
           ("Die Einkäufe für die Woche erledige ich gern mit.",
            "Bei größeren Einkäufen fahre ich mit dem Auto.",
            "Einmal die Woche einkaufen gehen wäre eine große Hilfe.",
            "Den Einkauf bringe ich Ihnen bis vor die Tür.")),
    Marker("very common", "pl", 0.10, "zakupy",
           ("Zrobię zakupy", "Pomoc przy zakupach"),
           ("Pomogę przy zakupach na cały tydzień.", "Chętnie pojadę z Tobą na zakupy.",
            "Wracam z zakupami, więc mogę coś przynieść.", "Nie dźwigam ciężkich zakupów.")),
]  # fmt: skip


def compose(
    rng: random.Random, language: str, kind: str, topic: str, district: str
) -> tuple[str, list[str]]:
    """A listing's title and the sentences of its description, in `language`."""
    table, openers, when, closers = (
        (DE, DE_OPENERS, DE_WHEN, DE_CLOSERS)
        if language == "de"
        else (PL, PL_OPENERS, PL_WHEN, PL_CLOSERS)
    )
    offers, requests, sentences = table[topic]
    title = rng.choice(offers if kind == "offer" else requests)
    body = [rng.choice(openers[kind])]
    body += rng.sample(sentences, rng.randint(2, 4))
    if rng.random() < 0.4:
        # A sentence from another topic: people offer more than one thing.
        other = table[rng.choice(list(table))][2]
        body.append(rng.choice(other))
    body += [rng.choice(when), rng.choice(closers)]
    return title.format(d=district), [sentence.format(d=district) for sentence in body]


def plant(
    rng: random.Random, marker: Marker, title: str, body: list[str], *, title_free: bool
) -> str | None:
    """Puts the marker word into the title (a third of the time, if no other marker
    went there) or into the body's sentences; returns the new title, if it took it."""
    if title_free and rng.random() < 1 / 3:
        return rng.choice(marker.titles)
    body.insert(rng.randint(1, len(body) - 1), rng.choice(marker.sentences))
    return None
