"""Seed content of the job architecture: skills, roles, career tracks and promotion paths.

Where it comes from:

* Roles, their responsibilities, skills, education, experience and the salary bands of the
  Consultant (agent), Team Leader and Call Center Manager: the source documents summarised in
  PRODUCT.md section 7 ("Seed content (from the source documents)").
* Every other USD band: U.S. Bureau of Labor Statistics, Occupational Employment and Wage
  Statistics (OEWS), May 2025, file ../shared/data/bls-oews-may2025-callcenter-wages.csv
  (public domain, U.S. government work). Each band names its SOC code, industry and the
  percentiles used as minimum / midpoint / maximum. Where no occupation in the file matches a
  role exactly, the closest one is used and the band's source says so.
* The EUR (Germany) and PLN (Poland) bands are plausible market levels, not from a cited source;
  their source says so.
* Measurable criteria for the agent rungs (10 conversations per hour with 95% activity and 95% QA
  score on probation; consistently 12 conversations per hour with 95% activity and QA at the next
  level): Monzo's open Customer Operations progression framework (MIT licence).

Every human text is a dict {"en": ..., "de": ..., "pl": ...}. All criteria thresholds are
minimums: higher is better (attrition is therefore expressed as team retention).
"""

Text = dict[str, str]  # {"en": ..., "de": ..., "pl": ...}


def _t(en: str, de: str, pl: str) -> Text:
    return {"en": en, "de": de, "pl": pl}


_EFFECTIVE = "2025-05-01"
_ESTIMATE = "estimate: market level, not from a cited source"
_SOURCE_DOCS = "PRODUCT.md section 7"


def _bls(soc: str, pct: str, industry: str = "NAICS 561400", note: str = "") -> str:
    text = f"BLS OEWS May 2025, SOC {soc}, {industry} {pct}"
    return f"{text} ({note})" if note else text


def _usd(minimum: int, midpoint: int, maximum: int, source: str) -> dict:
    return {
        "currency": "USD",
        "period": "annual",
        "minimum": minimum,
        "midpoint": midpoint,
        "maximum": maximum,
        "effective": _EFFECTIVE,
        "location": "",
        "source": source,
    }


def _local(eur: tuple[int, int, int], pln: tuple[int, int, int]) -> list[dict]:
    return [
        {
            "currency": "EUR",
            "period": "annual",
            "minimum": eur[0],
            "midpoint": eur[1],
            "maximum": eur[2],
            "effective": _EFFECTIVE,
            "location": "Germany",
            "source": _ESTIMATE,
        },
        {
            "currency": "PLN",
            "period": "annual",
            "minimum": pln[0],
            "midpoint": pln[1],
            "maximum": pln[2],
            "effective": _EFFECTIVE,
            "location": "Poland",
            "source": _ESTIMATE,
        },
    ]


# --------------------------------------------------------------------------------------------
# Skills
# --------------------------------------------------------------------------------------------

SKILLS: list[dict] = [
    # core
    {
        "slug": "communication",
        "category": "core",
        "name": _t("Communication", "Kommunikation", "Komunikacja"),
        "description": _t(
            "Explains clearly and politely on the phone and in writing and adapts the tone to the customer.",
            "Erklärt am Telefon und schriftlich klar und höflich und passt den Ton dem Kunden an.",
            "Jasno i uprzejmie wyjaśnia przez telefon i na piśmie, dopasowując ton do klienta.",
        ),
    },
    {
        "slug": "problem-solving",
        "category": "core",
        "name": _t("Problem solving", "Problemlösung", "Rozwiązywanie problemów"),
        "description": _t(
            "Finds the cause of a customer's issue and resolves it, ideally in the first contact.",
            "Findet die Ursache eines Kundenanliegens und löst es möglichst schon beim ersten Kontakt.",
            "Znajduje przyczynę problemu klienta i rozwiązuje go, najlepiej już przy pierwszym kontakcie.",
        ),
    },
    {
        "slug": "active-listening",
        "category": "core",
        "name": _t("Active listening", "Aktives Zuhören", "Aktywne słuchanie"),
        "description": _t(
            "Lets the customer finish, asks follow-up questions and confirms what was understood.",
            "Lässt den Kunden ausreden, stellt Rückfragen und fasst das Verstandene zusammen.",
            "Pozwala klientowi dokończyć, zadaje pytania doprecyzowujące i potwierdza, co zrozumiał.",
        ),
    },
    {
        "slug": "empathy",
        "category": "core",
        "name": _t("Empathy", "Empathie", "Empatia"),
        "description": _t(
            "Recognises the customer's feelings and responds with understanding, also in difficult calls.",
            "Erkennt die Gefühle des Kunden und reagiert verständnisvoll, auch in schwierigen Gesprächen.",
            "Rozpoznaje emocje klienta i reaguje ze zrozumieniem, także w trudnych rozmowach.",
        ),
    },
    {
        "slug": "rapport-building",
        "category": "core",
        "name": _t("Rapport building", "Beziehungsaufbau", "Budowanie relacji"),
        "description": _t(
            "Builds trust with the customer quickly and keeps a friendly, personal tone.",
            "Baut schnell Vertrauen zum Kunden auf und hält einen freundlichen, persönlichen Ton.",
            "Szybko zdobywa zaufanie klienta i utrzymuje przyjazny, osobisty ton rozmowy.",
        ),
    },
    {
        "slug": "quick-thinking",
        "category": "core",
        "name": _t("Quick thinking", "Schnelle Auffassungsgabe", "Szybkie myślenie"),
        "description": _t(
            "Reacts quickly and sensibly to unexpected questions and situations.",
            "Reagiert schnell und überlegt auf unerwartete Fragen und Situationen.",
            "Szybko i rozsądnie reaguje na nieoczekiwane pytania i sytuacje.",
        ),
    },
    {
        "slug": "multitasking",
        "category": "core",
        "name": _t("Multitasking", "Multitasking", "Wielozadaniowość"),
        "description": _t(
            "Talks, searches systems and documents the case at the same time without losing accuracy.",
            "Spricht, recherchiert in Systemen und dokumentiert gleichzeitig, ohne an Genauigkeit zu verlieren.",
            "Jednocześnie rozmawia, wyszukuje informacje w systemach i dokumentuje sprawę, nie tracąc dokładności.",
        ),
    },
    {
        "slug": "organisation",
        "category": "core",
        "name": _t("Organisation", "Organisationsfähigkeit", "Umiejętności organizacyjne"),
        "description": _t(
            "Plans own and team work, sets priorities and keeps deadlines.",
            "Plant die eigene Arbeit und die des Teams, setzt Prioritäten und hält Fristen ein.",
            "Planuje pracę własną i zespołu, ustala priorytety i dotrzymuje terminów.",
        ),
    },
    {
        "slug": "reliability",
        "category": "core",
        "name": _t("Reliability", "Zuverlässigkeit", "Rzetelność"),
        "description": _t(
            "Is punctual, keeps to schedules and policies and follows through on promises.",
            "Ist pünktlich, hält Schichtpläne und Richtlinien ein und erfüllt Zusagen.",
            "Jest punktualny, przestrzega grafików i zasad oraz dotrzymuje obietnic.",
        ),
    },
    {
        "slug": "job-service-knowledge",
        "category": "core",
        "name": _t(
            "Job and service knowledge", "Fach- und Produktwissen", "Znajomość usług i stanowiska"
        ),
        "description": _t(
            "Knows the products, services, processes and policies of the client project.",
            "Kennt Produkte, Dienstleistungen, Prozesse und Richtlinien des Kundenprojekts.",
            "Zna produkty, usługi, procesy i zasady obowiązujące w projekcie klienta.",
        ),
    },
    {
        "slug": "customer-orientation",
        "category": "core",
        "name": _t("Customer orientation", "Kundenorientierung", "Orientacja na klienta"),
        "description": _t(
            "Puts the customer's needs first and thinks about the whole customer experience.",
            "Stellt die Bedürfnisse des Kunden in den Mittelpunkt und denkt an das gesamte Kundenerlebnis.",
            "Stawia potrzeby klienta na pierwszym miejscu i myśli o całym doświadczeniu klienta.",
        ),
    },
    {
        "slug": "written-communication",
        "category": "core",
        "name": _t("Written communication", "Schriftliche Kommunikation", "Komunikacja pisemna"),
        "description": _t(
            "Writes correct, clear and friendly replies by e-mail, chat and social media.",
            "Verfasst korrekte, klare und freundliche Antworten per E-Mail, Chat und in sozialen Medien.",
            "Pisze poprawne, jasne i uprzejme odpowiedzi w e-mailach, na czacie i w mediach społecznościowych.",
        ),
    },
    {
        "slug": "foreign-language",
        "category": "core",
        "name": _t("Foreign language", "Fremdsprachenkenntnisse", "Znajomość języka obcego"),
        "description": _t(
            "Serves customers fluently in a second language (level 4 is about CEFR C1).",
            "Betreut Kunden fließend in einer zweiten Sprache (Stufe 4 entspricht etwa GER-Niveau C1).",
            "Płynnie obsługuje klientów w drugim języku (poziom 4 odpowiada mniej więcej poziomowi C1 ESOKJ).",
        ),
    },
    # technical
    {
        "slug": "technical-competence",
        "category": "technical",
        "name": _t("Technical competence", "Technisches Verständnis", "Kompetencje techniczne"),
        "description": _t(
            "Uses the telephony system, the knowledge base and office software confidently.",
            "Nutzt Telefonanlage, Wissensdatenbank und Office-Programme sicher.",
            "Sprawnie korzysta z systemu telefonicznego, bazy wiedzy i programów biurowych.",
        ),
    },
    {
        "slug": "crm-tools",
        "category": "technical",
        "name": _t("CRM tools", "CRM-Systeme", "Systemy CRM"),
        "description": _t(
            "Records and finds customer data and case history in the CRM and ticketing system.",
            "Erfasst und findet Kundendaten und Vorgangshistorie im CRM- und Ticketsystem.",
            "Wprowadza i wyszukuje dane klientów oraz historię zgłoszeń w systemie CRM i systemie zgłoszeń.",
        ),
    },
    {
        "slug": "technical-support",
        "category": "technical",
        "name": _t("Technical support", "Technischer Support", "Wsparcie techniczne"),
        "description": _t(
            "Diagnoses and fixes technical problems with devices, software or connections together with the customer.",
            "Diagnostiziert und behebt gemeinsam mit dem Kunden technische Probleme an Geräten, Software oder Anschlüssen.",
            "Diagnozuje i usuwa wraz z klientem problemy techniczne z urządzeniami, oprogramowaniem lub łączem.",
        ),
    },
    {
        "slug": "workforce-scheduling",
        "category": "technical",
        "name": _t("Workforce scheduling", "Personaleinsatzplanung", "Planowanie grafików"),
        "description": _t(
            "Builds shift plans and schedules that match forecast contact volumes and labour rules.",
            "Erstellt Schicht- und Einsatzpläne passend zum prognostizierten Kontaktvolumen und zu arbeitsrechtlichen Vorgaben.",
            "Tworzy grafiki i plany zmian dopasowane do prognozowanej liczby kontaktów i przepisów prawa pracy.",
        ),
    },
    # analytical
    {
        "slug": "quality-monitoring",
        "category": "analytical",
        "name": _t("Quality monitoring", "Qualitätsmonitoring", "Monitoring jakości"),
        "description": _t(
            "Listens to calls, reads chats and scores them against the quality checklist.",
            "Hört Gespräche mit, liest Chats und bewertet sie anhand des Qualitätsleitfadens.",
            "Odsłuchuje rozmowy, czyta czaty i ocenia je według karty oceny jakości.",
        ),
    },
    {
        "slug": "calibration",
        "category": "analytical",
        "name": _t("Calibration", "Kalibrierung", "Kalibracja"),
        "description": _t(
            "Aligns quality scoring with team leaders and the client so that everyone scores the same call alike.",
            "Stimmt die Qualitätsbewertung mit Teamleitern und dem Auftraggeber ab, damit alle dasselbe Gespräch gleich bewerten.",
            "Uzgadnia ocenę jakości z liderami zespołów i klientem, tak aby wszyscy oceniali tę samą rozmowę jednakowo.",
        ),
    },
    {
        "slug": "data-analysis",
        "category": "analytical",
        "name": _t("Data analysis", "Datenanalyse", "Analiza danych"),
        "description": _t(
            "Understands complex data and KPIs and draws sound conclusions from them.",
            "Versteht komplexe Daten und Kennzahlen und zieht daraus fundierte Schlüsse.",
            "Rozumie złożone dane i wskaźniki KPI oraz wyciąga z nich trafne wnioski.",
        ),
    },
    {
        "slug": "forecasting",
        "category": "analytical",
        "name": _t("Forecasting", "Prognoseerstellung", "Prognozowanie"),
        "description": _t(
            "Forecasts contact volumes and handling times from history, seasonality and campaigns.",
            "Prognostiziert Kontaktvolumen und Bearbeitungszeiten aus Historie, Saisonalität und Kampagnen.",
            "Prognozuje liczbę kontaktów i czas obsługi na podstawie historii, sezonowości i kampanii.",
        ),
    },
    {
        "slug": "analytics",
        "category": "analytical",
        "name": _t("Reporting and analytics", "Reporting und Analytik", "Raportowanie i analityka"),
        "description": _t(
            "Builds reports and dashboards on service level, handling time and other KPIs.",
            "Erstellt Berichte und Dashboards zu Servicelevel, Bearbeitungszeit und weiteren Kennzahlen.",
            "Przygotowuje raporty i dashboardy dotyczące poziomu obsługi, czasu obsługi i innych wskaźników.",
        ),
    },
    {
        "slug": "critical-thinking",
        "category": "analytical",
        "name": _t("Critical thinking", "Kritisches Denken", "Krytyczne myślenie"),
        "description": _t(
            "Questions assumptions, weighs evidence and judges options objectively.",
            "Hinterfragt Annahmen, wägt Fakten ab und beurteilt Optionen sachlich.",
            "Kwestionuje założenia, waży argumenty i obiektywnie ocenia możliwe rozwiązania.",
        ),
    },
    {
        "slug": "data-management",
        "category": "analytical",
        "name": _t("Data management", "Datenmanagement", "Zarządzanie danymi"),
        "description": _t(
            "Keeps planning and performance data complete, clean and consistent across systems.",
            "Hält Planungs- und Leistungsdaten systemübergreifend vollständig, sauber und konsistent.",
            "Dba o kompletność, poprawność i spójność danych planistycznych i wynikowych we wszystkich systemach.",
        ),
    },
    # leadership
    {
        "slug": "coaching-feedback",
        "category": "leadership",
        "name": _t(
            "Coaching and feedback", "Coaching und Feedback", "Coaching i informacja zwrotna"
        ),
        "description": _t(
            "Gives specific, timely feedback and coaches people to improve.",
            "Gibt konkretes, zeitnahes Feedback und coacht Mitarbeitende gezielt weiter.",
            "Udziela konkretnej i szybkiej informacji zwrotnej oraz wspiera rozwój pracowników poprzez coaching.",
        ),
    },
    {
        "slug": "motivation",
        "category": "leadership",
        "name": _t("Motivation", "Motivation", "Motywowanie"),
        "description": _t(
            "Keeps people engaged and energised, also in long shifts and peak periods.",
            "Hält Mitarbeitende engagiert und motiviert, auch in langen Schichten und Spitzenzeiten.",
            "Utrzymuje zaangażowanie i energię ludzi, także podczas długich zmian i w okresach szczytu.",
        ),
    },
    {
        "slug": "strategy-development",
        "category": "leadership",
        "name": _t("Strategy development", "Strategieentwicklung", "Opracowywanie strategii"),
        "description": _t(
            "Sets long-term goals for service, channels and cost and turns them into plans.",
            "Setzt langfristige Ziele für Service, Kanäle und Kosten und übersetzt sie in konkrete Pläne.",
            "Wyznacza długofalowe cele dotyczące obsługi, kanałów i kosztów oraz przekłada je na plany.",
        ),
    },
    {
        "slug": "collaboration",
        "category": "leadership",
        "name": _t("Collaboration", "Zusammenarbeit", "Współpraca"),
        "description": _t(
            "Works well with other teams, departments and clients towards shared goals.",
            "Arbeitet gut mit anderen Teams, Abteilungen und Auftraggebern an gemeinsamen Zielen.",
            "Dobrze współpracuje z innymi zespołami, działami i klientami na rzecz wspólnych celów.",
        ),
    },
    {
        "slug": "staff-management",
        "category": "leadership",
        "name": _t("Staff management", "Personalmanagement", "Zarządzanie personelem"),
        "description": _t(
            "Handles headcount, attendance, performance reviews and HR policy.",
            "Verantwortet Personalstärke, Anwesenheit, Leistungsbeurteilungen und Personalrichtlinien.",
            "Odpowiada za liczebność zespołu, obecność, oceny okresowe i polityki kadrowe.",
        ),
    },
    {
        "slug": "team-building",
        "category": "leadership",
        "name": _t("Team building", "Teamentwicklung", "Budowanie zespołu"),
        "description": _t(
            "Builds teams with the right mix of people and a culture of trust.",
            "Baut Teams mit der richtigen Zusammensetzung und einer Kultur des Vertrauens auf.",
            "Tworzy zespoły o właściwym składzie i kulturze opartej na zaufaniu.",
        ),
    },
    {
        "slug": "people-leadership",
        "category": "leadership",
        "name": _t("People leadership", "Mitarbeiterführung", "Przywództwo"),
        "description": _t(
            "Leads managers and teams by example, sets direction and takes responsibility.",
            "Führt Führungskräfte und Teams als Vorbild, gibt die Richtung vor und übernimmt Verantwortung.",
            "Prowadzi menedżerów i zespoły własnym przykładem, wyznacza kierunek i bierze odpowiedzialność.",
        ),
    },
    {
        "slug": "training-design",
        "category": "leadership",
        "name": _t("Training design", "Schulungskonzeption", "Projektowanie szkoleń"),
        "description": _t(
            "Designs onboarding and training programmes, call scripts and learning material.",
            "Konzipiert Einarbeitungs- und Schulungsprogramme, Gesprächsleitfäden und Lernmaterial.",
            "Projektuje programy wdrożeniowe i szkoleniowe, skrypty rozmów i materiały szkoleniowe.",
        ),
    },
    {
        "slug": "coordination",
        "category": "leadership",
        "name": _t("Coordination", "Koordination", "Koordynacja"),
        "description": _t(
            "Coordinates people, shifts and departments so that plans are carried out.",
            "Koordiniert Mitarbeitende, Schichten und Abteilungen, damit Pläne umgesetzt werden.",
            "Koordynuje ludzi, zmiany i działy tak, aby plany były realizowane.",
        ),
    },
    {
        "slug": "operations-management",
        "category": "leadership",
        "name": _t("Operations management", "Betriebssteuerung", "Zarządzanie operacyjne"),
        "description": _t(
            "Runs the daily operations of a contact center: service level, queues, staffing and escalations.",
            "Steuert den täglichen Betrieb des Contact Centers: Servicelevel, Warteschlangen, Besetzung und Eskalationen.",
            "Kieruje codzienną pracą contact center: poziomem obsługi, kolejkami, obsadą i eskalacjami.",
        ),
    },
    {
        "slug": "decision-making",
        "category": "leadership",
        "name": _t("Decision making", "Entscheidungsfähigkeit", "Podejmowanie decyzji"),
        "description": _t(
            "Takes sound decisions quickly under time pressure and stands by them.",
            "Trifft unter Zeitdruck schnell fundierte Entscheidungen und steht zu ihnen.",
            "Szybko podejmuje trafne decyzje pod presją czasu i bierze za nie odpowiedzialność.",
        ),
    },
    {
        "slug": "recruiting",
        "category": "leadership",
        "name": _t("Recruiting", "Personalgewinnung", "Rekrutacja"),
        "description": _t(
            "Defines job profiles, interviews candidates and hires the right people.",
            "Definiert Anforderungsprofile, führt Vorstellungsgespräche und stellt die richtigen Leute ein.",
            "Określa profile stanowisk, prowadzi rozmowy kwalifikacyjne i zatrudnia właściwe osoby.",
        ),
    },
    # commercial
    {
        "slug": "negotiation",
        "category": "commercial",
        "name": _t("Negotiation", "Verhandlungsführung", "Negocjacje"),
        "description": _t(
            "Negotiates with clients, suppliers and staff and reaches agreements that work for both sides.",
            "Verhandelt mit Auftraggebern, Dienstleistern und Mitarbeitenden und erzielt Einigungen, die beiden Seiten nützen.",
            "Negocjuje z klientami, dostawcami i pracownikami, osiągając porozumienia korzystne dla obu stron.",
        ),
    },
    {
        "slug": "budget-management",
        "category": "commercial",
        "name": _t("Budget management", "Budgetverantwortung", "Zarządzanie budżetem"),
        "description": _t(
            "Plans and controls the budget for staff, technology and operations.",
            "Plant und steuert das Budget für Personal, Technik und Betrieb.",
            "Planuje i kontroluje budżet na personel, technologię i działalność operacyjną.",
        ),
    },
    {
        "slug": "client-relationship",
        "category": "commercial",
        "name": _t(
            "Client relationship", "Kundenbeziehungsmanagement", "Zarządzanie relacjami z klientem"
        ),
        "description": _t(
            "Is the trusted contact of a business client and grows the relationship over time.",
            "Ist vertrauensvoller Ansprechpartner eines Geschäftskunden und baut die Beziehung langfristig aus.",
            "Jest zaufaną osobą kontaktową klienta biznesowego i długofalowo rozwija współpracę.",
        ),
    },
    {
        "slug": "contract-management",
        "category": "commercial",
        "name": _t("Contract management", "Vertragsmanagement", "Zarządzanie umowami"),
        "description": _t(
            "Prepares, negotiates and monitors client contracts, SLAs and compensation schemes.",
            "Erstellt, verhandelt und überwacht Kundenverträge, SLAs und Vergütungsmodelle.",
            "Przygotowuje, negocjuje i monitoruje umowy z klientami, umowy SLA i systemy wynagradzania.",
        ),
    },
    {
        "slug": "sales",
        "category": "commercial",
        "name": _t("Sales", "Vertrieb", "Sprzedaż"),
        "description": _t(
            "Spots sales opportunities in conversations and closes upsell and cross-sell offers.",
            "Erkennt Verkaufschancen im Gespräch und schließt Up- und Cross-Selling-Angebote ab.",
            "Dostrzega okazje sprzedażowe w rozmowie i finalizuje oferty sprzedaży dodatkowej i krzyżowej.",
        ),
    },
]

# --------------------------------------------------------------------------------------------
# Roles (parents before children; exactly one root)
# --------------------------------------------------------------------------------------------

_HIGH_SCHOOL = _t(
    "High-school diploma",
    "Schulabschluss (mittlere Reife oder Abitur)",
    "Wykształcenie średnie (matura)",
)
_BACHELOR = _t("Bachelor's degree", "Bachelorabschluss", "Wykształcenie wyższe (licencjat)")
_BACHELOR_MASTER = _t(
    "Bachelor's degree; a master's degree (e.g. MBA) is common",
    "Bachelorabschluss; ein Masterabschluss (z. B. MBA) ist üblich",
    "Wykształcenie wyższe (licencjat); często studia magisterskie lub MBA",
)

ROLES: list[dict] = [
    {
        "slug": "chief-customer-officer",
        "parent": None,
        "title": _t("Chief Customer Officer", "Chief Customer Officer", "Dyrektor ds. Klientów"),
        "aliases": {
            "en": ["CCO", "Chief Customer Officer (CCO)", "Chief Customer Experience Officer"],
            "de": [
                "Bereichsvorstand Kunde",
                "Geschäftsführer Kundenservice",
                "Leiter Kundenerlebnis",
            ],
            "pl": [
                "Chief Customer Officer",
                "Członek zarządu ds. klientów",
                "Dyrektor ds. doświadczeń klienta",
            ],
        },
        "summary": _t(
            "Owns the whole customer experience and the call center with its budget and staff, and sets the "
            "strategies for satisfaction, loyalty and retention. The highest-paid role in customer operations.",
            "Verantwortet das gesamte Kundenerlebnis und das Callcenter mit Budget und Personal und legt die "
            "Strategien für Zufriedenheit, Loyalität und Kundenbindung fest. Die am höchsten vergütete Rolle im Kundenservice.",
            "Odpowiada za całość doświadczeń klientów oraz za call center wraz z jego budżetem i personelem; wyznacza "
            "strategie satysfakcji, lojalności i utrzymania klientów. Najlepiej opłacane stanowisko w obsłudze klienta.",
        ),
        "track": "executive",
        "career_level": 12,
        "education": _BACHELOR_MASTER,
        "min_experience_months": 180,
        "responsibilities": [
            _t(
                "Owns the whole customer experience and the call center.",
                "Verantwortet das gesamte Kundenerlebnis und das Callcenter.",
                "Odpowiada za całość doświadczeń klientów i za call center.",
            ),
            _t(
                "Sets strategies for customer satisfaction, loyalty and retention.",
                "Entwickelt Strategien für Kundenzufriedenheit, Loyalität und Kundenbindung.",
                "Wyznacza strategie satysfakcji, lojalności i utrzymania klientów.",
            ),
            _t(
                "Owns the call-center budget and staff.",
                "Verantwortet Budget und Personal des Callcenters.",
                "Zarządza budżetem i personelem call center.",
            ),
            _t(
                "Represents the voice of the customer in the executive team.",
                "Vertritt die Stimme des Kunden in der Geschäftsleitung.",
                "Reprezentuje głos klienta w zarządzie firmy.",
            ),
        ],
        "skills": [
            ("strategy-development", 5),
            ("customer-orientation", 5),
            ("budget-management", 5),
            ("people-leadership", 5),
            ("collaboration", 5),
            ("decision-making", 5),
            ("data-analysis", 4),
            ("negotiation", 4),
        ],
        "bands": [
            _usd(
                139260, 199990, 331070, _bls("11-1011", "p25/median/p75", note="Chief Executives")
            ),
            *_local((150000, 190000, 250000), (420000, 560000, 760000)),
        ],
    },
    {
        "slug": "vp-customer-service",
        "parent": "chief-customer-officer",
        "title": _t(
            "VP Customer Service", "Vice President Kundenservice", "Wiceprezes ds. Obsługi Klienta"
        ),
        "aliases": {
            "en": [
                "Vice President Customer Service",
                "VP of Customer Service",
                "VP Customer Operations",
            ],
            "de": ["VP Kundenservice", "Bereichsleiter Kundenservice", "Direktor Kundenservice"],
            "pl": [
                "VP ds. obsługi klienta",
                "Dyrektor pionu obsługi klienta",
                "Wiceprezes ds. obsługi klientów",
            ],
        },
        "summary": _t(
            "Runs the daily operations of customer service and develops the strategies together with the CCO; "
            "responsible for the effectiveness of the staff.",
            "Leitet das Tagesgeschäft des Kundenservice und entwickelt gemeinsam mit dem CCO die Strategien; "
            "verantwortlich für die Effektivität der Mitarbeitenden.",
            "Kieruje bieżącą działalnością obsługi klienta i wspólnie z CCO opracowuje strategie; odpowiada za "
            "efektywność pracowników.",
        ),
        "track": "executive",
        "career_level": 11,
        "education": _BACHELOR_MASTER,
        "min_experience_months": 144,
        "responsibilities": [
            _t(
                "Runs the daily operations of customer service.",
                "Steuert das Tagesgeschäft des Kundenservice.",
                "Kieruje codzienną działalnością obsługi klienta.",
            ),
            _t(
                "Develops strategies with the CCO and turns them into targets.",
                "Entwickelt mit dem CCO Strategien und leitet daraus Ziele ab.",
                "Opracowuje strategie wspólnie z CCO i przekłada je na cele.",
            ),
            _t(
                "Ensures the effectiveness of staff across all sites.",
                "Sorgt für die Effektivität der Mitarbeitenden an allen Standorten.",
                "Dba o efektywność pracowników we wszystkich lokalizacjach.",
            ),
            _t(
                "Leads the heads of customer service and reviews their results.",
                "Führt die Leiter Kundenservice und überprüft ihre Ergebnisse.",
                "Kieruje dyrektorami obsługi klienta i ocenia ich wyniki.",
            ),
        ],
        "skills": [
            ("operations-management", 5),
            ("people-leadership", 5),
            ("strategy-development", 4),
            ("staff-management", 4),
            ("data-analysis", 4),
            ("collaboration", 4),
            ("budget-management", 4),
        ],
        "bands": [
            _usd(
                99320,
                158970,
                221370,
                _bls("11-1021", "median/p75/p90", note="General and Operations Managers"),
            ),
            *_local((120000, 145000, 180000), (320000, 420000, 540000)),
        ],
    },
    {
        "slug": "head-of-customer-service",
        "parent": "vp-customer-service",
        "title": _t("Head of Customer Service", "Leiter Kundenservice", "Dyrektor Obsługi Klienta"),
        "aliases": {
            "en": [
                "Customer Service Director",
                "Director of Customer Service",
                "Head of Customer Care",
            ],
            "de": ["Leiterin Kundenservice", "Kundendienstleiter", "Head of Kundenservice"],
            "pl": [
                "Head of Customer Service",
                "Kierownik działu obsługi klienta",
                "Dyrektorka obsługi klienta",
            ],
        },
        "summary": _t(
            "Responsible for the strategic planning and operations of customer service; builds the senior "
            "operations team, manages partnerships and delivers better service at lower cost.",
            "Verantwortlich für strategische Planung und Betrieb des Kundenservice; baut das obere Führungsteam "
            "im operativen Bereich auf, pflegt Partnerschaften und sorgt für besseren Service bei geringeren Kosten.",
            "Odpowiada za planowanie strategiczne i działalność operacyjną obsługi klienta; buduje zespół kadry "
            "kierowniczej, rozwija partnerstwa i zapewnia lepszą obsługę przy niższych kosztach.",
        ),
        "track": "leadership",
        "career_level": 10,
        "education": _BACHELOR_MASTER,
        "min_experience_months": 120,
        "responsibilities": [
            _t(
                "Plans the strategy and operations of customer service.",
                "Plant Strategie und Betrieb des Kundenservice.",
                "Planuje strategię i działalność operacyjną obsługi klienta.",
            ),
            _t(
                "Builds and leads the senior operations team.",
                "Baut das Führungsteam im operativen Bereich auf und führt es.",
                "Buduje i prowadzi zespół kadry kierowniczej operacji.",
            ),
            _t(
                "Manages partnerships with clients and service providers.",
                "Pflegt Partnerschaften mit Auftraggebern und Dienstleistern.",
                "Zarządza partnerstwami z klientami i dostawcami usług.",
            ),
            _t(
                "Improves service quality while lowering the cost per contact.",
                "Verbessert die Servicequalität und senkt zugleich die Kosten pro Kontakt.",
                "Poprawia jakość obsługi, jednocześnie obniżając koszt jednego kontaktu.",
            ),
        ],
        "skills": [
            ("customer-orientation", 5),
            ("collaboration", 5),
            ("negotiation", 4),
            ("strategy-development", 4),
            ("team-building", 4),
            ("budget-management", 4),
            ("client-relationship", 4),
        ],
        "bands": [
            _usd(
                84000, 127780, 169470, _bls("11-9199", "p25/median/p75", note="Managers, All Other")
            ),
            *_local((95000, 115000, 140000), (250000, 320000, 400000)),
        ],
    },
    {
        "slug": "head-of-call-center",
        "parent": "head-of-customer-service",
        "title": _t("Head of Call Center", "Leiter Callcenter", "Dyrektor Call Center"),
        "aliases": {
            "en": ["Call Center Director", "Contact Center Director", "Head of Contact Center"],
            "de": ["Callcenter-Leiter", "Leiter Contact Center", "Standortleiter Callcenter"],
            "pl": ["Head of Call Center", "Dyrektor contact center", "Szef call center"],
        },
        "summary": _t(
            "Owns the call-center budget and decides on staff, technology, processes and growth; sets the KPIs, "
            "plans and recruits, and defines all roles in the center.",
            "Verantwortet das Callcenter-Budget und entscheidet über Personal, Technik, Prozesse und Wachstum; "
            "legt die KPIs fest, plant und rekrutiert und definiert alle Rollen im Center.",
            "Odpowiada za budżet call center i decyduje o personelu, technologii, procesach i rozwoju; ustala "
            "wskaźniki KPI, planuje i rekrutuje oraz definiuje wszystkie role w centrum.",
        ),
        "track": "leadership",
        "career_level": 9,
        "education": _BACHELOR,
        "min_experience_months": 96,
        "responsibilities": [
            _t(
                "Owns and controls the call-center budget.",
                "Verantwortet und steuert das Callcenter-Budget.",
                "Zarządza budżetem call center i go kontroluje.",
            ),
            _t(
                "Decides on staff, technology, processes and growth.",
                "Entscheidet über Personal, Technik, Prozesse und Wachstum.",
                "Decyduje o personelu, technologii, procesach i rozwoju.",
            ),
            _t(
                "Sets and monitors the KPIs of the center.",
                "Legt die KPIs des Centers fest und überwacht sie.",
                "Ustala i monitoruje wskaźniki KPI centrum.",
            ),
            _t(
                "Plans capacity and leads recruiting.",
                "Plant die Kapazitäten und leitet die Personalgewinnung.",
                "Planuje zasoby i kieruje rekrutacją.",
            ),
            _t(
                "Defines all roles and their responsibilities.",
                "Definiert alle Rollen und ihre Aufgaben.",
                "Definiuje wszystkie role i ich zakresy obowiązków.",
            ),
        ],
        "skills": [
            ("staff-management", 4),
            ("budget-management", 4),
            ("communication", 4),
            ("organisation", 4),
            ("data-analysis", 4),
            ("problem-solving", 4),
            ("team-building", 4),
            ("recruiting", 4),
        ],
        "bands": [
            _usd(
                92190,
                121380,
                152430,
                _bls("11-3012", "p25/median/p75", note="Administrative Services Managers"),
            ),
            *_local((85000, 100000, 120000), (220000, 280000, 350000)),
        ],
    },
    {
        "slug": "key-account-manager",
        "parent": "head-of-customer-service",
        "title": _t("Key Account Manager", "Key Account Manager", "Key Account Manager"),
        "aliases": {
            "en": ["KAM", "Strategic Account Manager", "Client Director"],
            "de": ["Großkundenbetreuer", "Großkundenmanager", "Key-Account-Managerin"],
            "pl": [
                "Opiekun kluczowego klienta",
                "Kierownik ds. kluczowych klientów",
                "Menedżer kluczowych klientów",
            ],
        },
        "summary": _t(
            "The client's main contact: handles recruiting for the client's project, compensation schemes, "
            "contracts and reports.",
            "Hauptansprechpartner des Auftraggebers: verantwortet das Recruiting für das Kundenprojekt, "
            "Vergütungsmodelle, Verträge und Berichte.",
            "Główna osoba kontaktowa klienta: odpowiada za rekrutację do projektu klienta, systemy wynagradzania, "
            "umowy i raporty.",
        ),
        "track": "specialist",
        "career_level": 7,
        "education": _BACHELOR,
        "min_experience_months": 60,
        "responsibilities": [
            _t(
                "Is the client's main contact.",
                "Ist Hauptansprechpartner des Auftraggebers.",
                "Jest główną osobą kontaktową klienta.",
            ),
            _t(
                "Plans recruiting for the client's project.",
                "Plant das Recruiting für das Projekt des Auftraggebers.",
                "Planuje rekrutację do projektu klienta.",
            ),
            _t(
                "Designs compensation schemes.",
                "Gestaltet Vergütungsmodelle.",
                "Opracowuje systemy wynagradzania.",
            ),
            _t(
                "Negotiates and manages contracts.",
                "Verhandelt und verwaltet Verträge.",
                "Negocjuje umowy i nimi zarządza.",
            ),
            _t(
                "Delivers reports to the client.",
                "Liefert Berichte an den Auftraggeber.",
                "Dostarcza klientowi raporty.",
            ),
        ],
        "skills": [
            ("client-relationship", 5),
            ("contract-management", 4),
            ("negotiation", 4),
            ("collaboration", 4),
            ("recruiting", 3),
            ("analytics", 3),
            ("budget-management", 3),
        ],
        "bands": [
            _usd(69880, 89540, 133090, _bls("11-2022", "p10/p25/median", note="Sales Managers")),
            *_local((65000, 80000, 100000), (160000, 200000, 260000)),
        ],
    },
    {
        "slug": "account-manager",
        "parent": "key-account-manager",
        "title": _t("Account Manager", "Account Manager", "Opiekun Klienta"),
        "aliases": {
            "en": ["Client Manager", "Customer Account Manager", "Account Executive"],
            "de": ["Kundenmanager", "Accountmanager", "Account-Managerin"],
            "pl": ["Account Manager", "Menedżer klienta", "Opiekunka klienta"],
        },
        "summary": _t(
            "A well-paid specialist seat: looks after a portfolio of business customers, keeps them satisfied "
            "and grows revenue with them.",
            "Gut bezahlte Spezialistenposition: betreut ein Portfolio von Geschäftskunden, sorgt für deren "
            "Zufriedenheit und steigert den Umsatz mit ihnen.",
            "Dobrze płatne stanowisko specjalistyczne: opiekuje się portfelem klientów biznesowych, dba o ich "
            "zadowolenie i zwiększa z nimi przychody.",
        ),
        "track": "specialist",
        "career_level": 5,
        "education": _BACHELOR,
        "min_experience_months": 36,
        "responsibilities": [
            _t(
                "Looks after a portfolio of business customers.",
                "Betreut ein Portfolio von Geschäftskunden.",
                "Opiekuje się portfelem klientów biznesowych.",
            ),
            _t(
                "Holds regular reviews with the customers.",
                "Führt regelmäßige Jahres- und Quartalsgespräche mit den Kunden.",
                "Prowadzi regularne spotkania podsumowujące z klientami.",
            ),
            _t(
                "Identifies upsell and renewal opportunities.",
                "Erkennt Chancen für Zusatzverkäufe und Vertragsverlängerungen.",
                "Wyszukuje okazje do sprzedaży dodatkowej i przedłużenia umów.",
            ),
            _t(
                "Resolves escalations for own accounts.",
                "Löst Eskalationen der eigenen Kunden.",
                "Rozwiązuje eskalacje dotyczące własnych klientów.",
            ),
        ],
        "skills": [
            ("client-relationship", 4),
            ("communication", 4),
            ("customer-orientation", 4),
            ("sales", 3),
            ("negotiation", 3),
            ("analytics", 2),
        ],
        "bands": [
            _usd(
                45890,
                58770,
                72720,
                _bls(
                    "41-1012",
                    "p25/median/p75",
                    note="First-Line Supervisors of Non-Retail Sales Workers, closest in the file",
                ),
            ),
            *_local((45000, 55000, 65000), (100000, 125000, 150000)),
        ],
    },
    {
        "slug": "senior-call-center-manager",
        "parent": "head-of-call-center",
        "title": _t(
            "Senior Call Center Manager",
            "Senior Callcenter-Manager",
            "Starszy Kierownik Call Center",
        ),
        "aliases": {
            "en": ["Senior Contact Center Manager", "Senior Operations Manager Call Center"],
            "de": ["Abteilungsleiter Callcenter", "Senior Contact-Center-Manager"],
            "pl": ["Senior Call Center Manager", "Starszy kierownik contact center"],
        },
        "summary": _t(
            "Leads a team of supervisors and call-center managers and makes sure their areas reach their targets.",
            "Führt ein Team aus Supervisoren und Callcenter-Managern und sorgt dafür, dass ihre Bereiche die Ziele erreichen.",
            "Kieruje zespołem supervisorów i kierowników call center oraz dba o to, by ich obszary osiągały cele.",
        ),
        "track": "leadership",
        "career_level": 8,
        "education": _BACHELOR,
        "min_experience_months": 72,
        "responsibilities": [
            _t(
                "Leads a team of supervisors and call-center managers.",
                "Führt ein Team aus Supervisoren und Callcenter-Managern.",
                "Kieruje zespołem supervisorów i kierowników call center.",
            ),
            _t(
                "Sets targets for each area and reviews the results weekly.",
                "Legt Ziele für jeden Bereich fest und prüft wöchentlich die Ergebnisse.",
                "Wyznacza cele dla każdego obszaru i co tydzień analizuje wyniki.",
            ),
            _t(
                "Develops managers through coaching and succession planning.",
                "Entwickelt Führungskräfte durch Coaching und Nachfolgeplanung.",
                "Rozwija menedżerów poprzez coaching i planowanie sukcesji.",
            ),
            _t(
                "Is the escalation point for complex client and staff issues.",
                "Ist Eskalationsstelle für komplexe Kunden- und Personalthemen.",
                "Jest punktem eskalacji w złożonych sprawach klientów i pracowników.",
            ),
        ],
        "skills": [
            ("people-leadership", 4),
            ("coaching-feedback", 4),
            ("staff-management", 4),
            ("operations-management", 4),
            ("motivation", 4),
            ("data-analysis", 3),
        ],
        "bands": [
            _usd(
                64600,
                99320,
                158970,
                _bls("11-1021", "p25/median/p75", note="General and Operations Managers"),
            ),
            *_local((75000, 88000, 105000), (190000, 235000, 290000)),
        ],
    },
    {
        "slug": "operations-manager",
        "parent": "head-of-call-center",
        "title": _t("Operations Manager", "Operations Manager", "Kierownik Operacyjny"),
        "aliases": {
            "en": [
                "Call Center Operations Manager",
                "Contact Center Operations Manager",
                "Ops Manager",
            ],
            "de": ["Betriebsleiter Callcenter", "Leiter Operations", "Operations-Managerin"],
            "pl": ["Operations Manager", "Menedżer ds. operacyjnych", "Kierowniczka operacyjna"],
        },
        "summary": _t(
            "Reaches the KPI targets and shapes the call-center strategy; organises resourcing with training, "
            "recruiting and HR, drives continuous improvement and looks after key clients and the quality standard.",
            "Erreicht die KPI-Ziele und gestaltet die Callcenter-Strategie mit; organisiert die Ressourcen gemeinsam "
            "mit Training, Recruiting und HR, treibt kontinuierliche Verbesserung voran und betreut Schlüsselkunden "
            "und den Qualitätsstandard.",
            "Realizuje cele KPI i współtworzy strategię call center; organizuje zasoby wspólnie z działami szkoleń, "
            "rekrutacji i HR, prowadzi ciągłe doskonalenie oraz opiekuje się kluczowymi klientami i standardem jakości.",
        ),
        "track": "leadership",
        "career_level": 7,
        "education": _BACHELOR,
        "min_experience_months": 60,
        "responsibilities": [
            _t(
                "Delivers the KPI targets of the center.",
                "Erreicht die KPI-Ziele des Centers.",
                "Realizuje cele KPI centrum.",
            ),
            _t(
                "Contributes to the call-center strategy.",
                "Wirkt an der Callcenter-Strategie mit.",
                "Współtworzy strategię call center.",
            ),
            _t(
                "Plans resourcing together with training, recruiting and HR.",
                "Plant den Personalbedarf gemeinsam mit Training, Recruiting und HR.",
                "Planuje zasoby wspólnie z działami szkoleń, rekrutacji i HR.",
            ),
            _t(
                "Drives continuous improvement.",
                "Treibt kontinuierliche Verbesserung voran.",
                "Prowadzi działania ciągłego doskonalenia.",
            ),
            _t(
                "Looks after key clients.",
                "Betreut Schlüsselkunden.",
                "Opiekuje się kluczowymi klientami.",
            ),
            _t(
                "Maintains the quality standard.",
                "Sichert den Qualitätsstandard.",
                "Dba o utrzymanie standardu jakości.",
            ),
        ],
        "skills": [
            ("operations-management", 4),
            ("customer-orientation", 4),
            ("people-leadership", 4),
            ("critical-thinking", 4),
            ("motivation", 4),
            ("analytics", 3),
            ("client-relationship", 3),
        ],
        "bands": [
            _usd(
                58960, 84000, 127780, _bls("11-9199", "p10/p25/median", note="Managers, All Other")
            ),
            *_local((65000, 78000, 92000), (160000, 200000, 245000)),
        ],
    },
    {
        "slug": "resource-planning-manager",
        "parent": "head-of-call-center",
        "title": _t(
            "Resource Planning Manager",
            "Leiter Personaleinsatzplanung",
            "Kierownik Planowania Zasobów",
        ),
        "aliases": {
            "en": ["Workforce Planning Manager", "Workforce Manager", "WFM Manager"],
            "de": ["WFM-Leiter", "Leiterin Personaleinsatzplanung", "Leiter Ressourcenplanung"],
            "pl": ["Menedżer WFM", "Kierownik WFM", "Kierownik planowania obsady"],
        },
        "summary": _t(
            "Leads the scheduling, planning and forecasting analysts, designs shift models and advises on "
            "workforce software and staffing.",
            "Führt die Analysten für Einsatzplanung, Planung und Prognose, entwickelt Schichtmodelle und berät "
            "zu Workforce-Management-Software und Personalbedarf.",
            "Kieruje analitykami ds. grafików, planowania i prognozowania, projektuje modele zmianowe i doradza "
            "w zakresie oprogramowania WFM oraz obsady.",
        ),
        "track": "leadership",
        "career_level": 7,
        "education": _t(
            "Bachelor's degree, e.g. in mathematics, statistics or business",
            "Bachelorabschluss, z. B. in Mathematik, Statistik oder Betriebswirtschaft",
            "Wykształcenie wyższe, np. matematyka, statystyka lub ekonomia",
        ),
        "min_experience_months": 60,
        "responsibilities": [
            _t(
                "Leads the scheduling, planning and forecasting analysts.",
                "Führt die Analysten für Einsatzplanung, Planung und Prognose.",
                "Kieruje analitykami ds. grafików, planowania i prognozowania.",
            ),
            _t(
                "Designs shift models.", "Entwickelt Schichtmodelle.", "Projektuje modele zmianowe."
            ),
            _t(
                "Advises management on staffing levels.",
                "Berät die Leitung zum Personalbedarf.",
                "Doradza kierownictwu w sprawie poziomu obsady.",
            ),
            _t(
                "Selects and runs the workforce-management software.",
                "Wählt die Workforce-Management-Software aus und betreut sie.",
                "Wybiera oprogramowanie do zarządzania zasobami (WFM) i nadzoruje jego działanie.",
            ),
        ],
        "skills": [
            ("forecasting", 5),
            ("data-management", 4),
            ("analytics", 4),
            ("technical-competence", 4),
            ("coordination", 4),
            ("workforce-scheduling", 4),
            ("people-leadership", 3),
        ],
        "bands": [
            _usd(
                71100,
                92190,
                121380,
                _bls(
                    "11-3012",
                    "p10/p25/median",
                    note="Administrative Services Managers, closest in the file",
                ),
            ),
            *_local((62000, 74000, 88000), (150000, 185000, 225000)),
        ],
    },
    {
        "slug": "workforce-planning-analyst",
        "parent": "resource-planning-manager",
        "title": _t(
            "Workforce Planning Analyst", "Personaleinsatzplaner", "Analityk Planowania Zasobów"
        ),
        "aliases": {
            "en": [
                "Scheduling Analyst",
                "Forecasting Analyst",
                "Planning Analyst",
                "WFM Analyst",
                "Resource Planner",
            ],
            "de": ["Personaleinsatzplanerin", "Einsatzplaner", "Schichtplaner", "Forecast-Analyst"],
            "pl": ["Analityk WFM", "Planista WFM", "Specjalista ds. planowania grafików"],
        },
        "summary": _t(
            "Forecasts contact volumes, builds the schedules and tracks service level and schedule adherence "
            "during the day.",
            "Prognostiziert das Kontaktvolumen, erstellt die Einsatzpläne und überwacht Servicelevel und "
            "Planeinhaltung im Tagesverlauf.",
            "Prognozuje liczbę kontaktów, tworzy grafiki i monitoruje w ciągu dnia poziom obsługi oraz "
            "przestrzeganie harmonogramu.",
        ),
        "track": "specialist",
        "career_level": 5,
        "education": _t(
            "Bachelor's degree or equivalent experience in planning",
            "Bachelorabschluss oder gleichwertige Erfahrung in der Planung",
            "Wykształcenie wyższe lub równoważne doświadczenie w planowaniu",
        ),
        "min_experience_months": 24,
        "responsibilities": [
            _t(
                "Forecasts contact volumes and handling times.",
                "Prognostiziert Kontaktvolumen und Bearbeitungszeiten.",
                "Prognozuje liczbę kontaktów i czas obsługi.",
            ),
            _t(
                "Builds shift and break schedules.",
                "Erstellt Schicht- und Pausenpläne.",
                "Tworzy grafiki zmian i przerw.",
            ),
            _t(
                "Monitors service level and schedule adherence during the day.",
                "Überwacht im Tagesverlauf Servicelevel und Planeinhaltung.",
                "Monitoruje w ciągu dnia poziom obsługi i zgodność z grafikiem.",
            ),
            _t(
                "Reports on staffing, occupancy and shrinkage.",
                "Berichtet über Besetzung, Auslastung und Ausfallzeiten.",
                "Raportuje obsadę, obłożenie i straty czasu pracy (shrinkage).",
            ),
        ],
        "skills": [
            ("forecasting", 4),
            ("workforce-scheduling", 4),
            ("analytics", 4),
            ("data-management", 3),
            ("technical-competence", 3),
            ("critical-thinking", 3),
        ],
        "bands": [
            _usd(
                46030,
                57470,
                71950,
                _bls(
                    "43-1011",
                    "p25/median/p75",
                    note="First-Line Supervisors of Office and Administrative Support Workers; no planner occupation in the file",
                ),
            ),
            *_local((45000, 52000, 60000), (95000, 115000, 135000)),
        ],
    },
    {
        "slug": "call-center-manager",
        "parent": "senior-call-center-manager",
        "title": _t("Call Center Manager", "Callcenter-Manager", "Kierownik Call Center"),
        "aliases": {
            "en": ["Contact Center Manager", "Call Centre Manager", "Customer Service Manager"],
            "de": ["Callcenter-Managerin", "Contact-Center-Manager", "Callcenter-Abteilungsleiter"],
            "pl": ["Call Center Manager", "Menedżer call center", "Kierowniczka call center"],
        },
        "summary": _t(
            "Responsible for the performance and budget of the call center, recruiting and development, "
            "improvement plans, internal reviews, business cases, culture and quality.",
            "Verantwortlich für Leistung und Budget des Callcenters, Personalgewinnung und -entwicklung, "
            "Verbesserungspläne, interne Reviews, Business Cases, Kultur und Qualität.",
            "Odpowiada za wyniki i budżet call center, rekrutację i rozwój pracowników, plany usprawnień, "
            "przeglądy wewnętrzne, uzasadnienia biznesowe, kulturę i jakość.",
        ),
        "track": "leadership",
        "career_level": 7,
        "education": _BACHELOR,
        "min_experience_months": 48,
        "responsibilities": [
            _t(
                "Manages the performance and budget of the call center.",
                "Steuert Leistung und Budget des Callcenters.",
                "Zarządza wynikami i budżetem call center.",
            ),
            _t(
                "Recruits and develops team leaders and agents.",
                "Rekrutiert und entwickelt Teamleiter und Kundenbetreuer.",
                "Rekrutuje i rozwija liderów zespołów oraz konsultantów.",
            ),
            _t(
                "Draws up improvement plans and follows them through.",
                "Erstellt Verbesserungspläne und verfolgt ihre Umsetzung.",
                "Opracowuje plany usprawnień i nadzoruje ich realizację.",
            ),
            _t(
                "Runs internal reviews.",
                "Führt interne Reviews durch.",
                "Prowadzi przeglądy wewnętrzne.",
            ),
            _t(
                "Writes business cases for new tools and staffing.",
                "Erstellt Business Cases für neue Tools und zusätzliches Personal.",
                "Przygotowuje uzasadnienia biznesowe dla nowych narzędzi i zatrudnienia.",
            ),
            _t(
                "Shapes the culture and ensures quality.",
                "Prägt die Kultur und sichert die Qualität.",
                "Kształtuje kulturę organizacyjną i dba o jakość.",
            ),
        ],
        "skills": [
            ("motivation", 4),
            ("customer-orientation", 4),
            ("collaboration", 4),
            ("negotiation", 3),
            ("strategy-development", 3),
            ("budget-management", 3),
            ("recruiting", 3),
            ("analytics", 3),
        ],
        "bands": [
            _usd(63000, 80000, 105000, _SOURCE_DOCS),
            *_local((60000, 72000, 85000), (150000, 185000, 230000)),
        ],
    },
    {
        "slug": "project-manager",
        "parent": "call-center-manager",
        "title": _t("Project Manager", "Projektleiter", "Kierownik Projektu"),
        "aliases": {
            "en": ["Project Coordinator", "Client Project Manager", "Program Manager"],
            "de": ["Projektleiterin", "Projektmanager", "Projektkoordinator"],
            "pl": ["Koordynator projektu", "Project Manager", "Kierowniczka projektu"],
        },
        "summary": _t(
            "Coordinates one client project and owns its results; knows the product and the client and works "
            "closely with quality.",
            "Koordiniert ein Kundenprojekt und verantwortet dessen Ergebnisse; kennt Produkt und Auftraggeber "
            "und arbeitet eng mit der Qualitätssicherung zusammen.",
            "Koordynuje projekt klienta i odpowiada za jego wyniki; zna produkt i klienta oraz ściśle "
            "współpracuje z działem jakości.",
        ),
        "track": "leadership",
        "career_level": 6,
        "education": _BACHELOR,
        "min_experience_months": 36,
        "responsibilities": [
            _t(
                "Owns the results of a client project.",
                "Verantwortet die Ergebnisse eines Kundenprojekts.",
                "Odpowiada za wyniki projektu klienta.",
            ),
            _t(
                "Knows the client's products and keeps the team's knowledge up to date.",
                "Kennt die Produkte des Auftraggebers und hält das Wissen des Teams aktuell.",
                "Zna produkty klienta i dba o aktualną wiedzę zespołu.",
            ),
            _t(
                "Is the day-to-day contact of the client.",
                "Ist täglicher Ansprechpartner des Auftraggebers.",
                "Jest bieżącą osobą kontaktową dla klienta.",
            ),
            _t(
                "Works with quality on standards and improvements.",
                "Arbeitet mit der Qualitätssicherung an Standards und Verbesserungen.",
                "Współpracuje z działem jakości nad standardami i usprawnieniami.",
            ),
        ],
        "skills": [
            ("job-service-knowledge", 4),
            ("client-relationship", 4),
            ("organisation", 4),
            ("coordination", 4),
            ("collaboration", 4),
            ("analytics", 3),
        ],
        "bands": [
            _usd(
                58770,
                72720,
                97050,
                _bls(
                    "41-1012",
                    "median/p75/p90",
                    note="First-Line Supervisors of Non-Retail Sales Workers, closest in the file",
                ),
            ),
            *_local((50000, 58000, 68000), (110000, 135000, 160000)),
        ],
    },
    {
        "slug": "shift-manager",
        "parent": "call-center-manager",
        "title": _t("Shift Manager", "Schichtleiter", "Kierownik Zmiany"),
        "aliases": {
            "en": ["Shift Supervisor", "Shift Leader", "Duty Manager"],
            "de": ["Schichtleiterin", "Schichtführer", "Schichtleitung"],
            "pl": ["Shift Manager", "Koordynator zmiany", "Kierowniczka zmiany"],
        },
        "summary": _t(
            "Takes the key decisions during a shift and works with the team managers to keep service level "
            "and staffing on track.",
            "Trifft während der Schicht die wichtigen Entscheidungen und arbeitet mit den Teamleitern zusammen, "
            "um Servicelevel und Besetzung im Griff zu behalten.",
            "Podejmuje kluczowe decyzje w trakcie zmiany i współpracuje z liderami zespołów, aby utrzymać "
            "poziom obsługi i obsadę.",
        ),
        "track": "leadership",
        "career_level": 6,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 24,
        "responsibilities": [
            _t(
                "Takes the key decisions during the shift.",
                "Trifft die wichtigen Entscheidungen während der Schicht.",
                "Podejmuje kluczowe decyzje w trakcie zmiany.",
            ),
            _t(
                "Agrees staffing and breaks with the team leaders.",
                "Stimmt Besetzung und Pausen mit den Teamleitern ab.",
                "Uzgadnia z liderami zespołów obsadę i przerwy.",
            ),
            _t(
                "Handles escalations and incidents.",
                "Bearbeitet Eskalationen und Störungen.",
                "Obsługuje eskalacje i incydenty.",
            ),
            _t(
                "Hands over the shift with a short report.",
                "Übergibt die Schicht mit einem kurzen Bericht.",
                "Przekazuje zmianę wraz z krótkim raportem.",
            ),
        ],
        "skills": [
            ("decision-making", 4),
            ("coordination", 4),
            ("communication", 4),
            ("quick-thinking", 4),
            ("operations-management", 3),
            ("workforce-scheduling", 3),
        ],
        "bands": [
            _usd(
                57470,
                71950,
                86810,
                _bls(
                    "43-1011",
                    "median/p75/p90",
                    note="First-Line Supervisors of Office and Administrative Support Workers",
                ),
            ),
            *_local((45000, 51000, 58000), (100000, 118000, 138000)),
        ],
    },
    {
        "slug": "team-leader",
        "parent": "call-center-manager",
        "title": _t("Team Leader", "Teamleiter", "Lider Zespołu"),
        "aliases": {
            "en": ["Supervisor", "Team Lead", "Team Manager", "Call Center Supervisor"],
            "de": ["Teamleiterin", "Gruppenleiter", "Teamleitung", "Teamleiter Callcenter"],
            "pl": ["Team Leader", "Kierownik zespołu", "Koordynator zespołu", "Liderka zespołu"],
        },
        "summary": _t(
            "Leads 15-30 agents: sets and measures team goals, coaches and gives feedback, watches attendance "
            "and policy and reports on performance. Large projects split the role into an operational leader "
            "(schedules) and a quality leader (call monitoring).",
            "Führt 15–30 Kundenbetreuer: setzt und misst Teamziele, coacht und gibt Feedback, achtet auf "
            "Anwesenheit und Richtlinien und berichtet über die Leistung. In großen Projekten wird die Rolle in "
            "einen operativen Teamleiter (Einsatzpläne) und einen Qualitäts-Teamleiter (Gesprächsmonitoring) geteilt.",
            "Kieruje zespołem 15–30 konsultantów: wyznacza i mierzy cele zespołu, prowadzi coaching i udziela "
            "informacji zwrotnej, pilnuje obecności i przestrzegania zasad oraz raportuje wyniki. W dużych "
            "projektach rolę dzieli się na lidera operacyjnego (grafiki) i lidera jakości (monitoring rozmów).",
        ),
        "track": "leadership",
        "career_level": 5,
        "education": _t(
            "High-school diploma; a bachelor's degree is an advantage",
            "Schulabschluss; ein Bachelorabschluss ist von Vorteil",
            "Wykształcenie średnie; wykształcenie wyższe będzie atutem",
        ),
        "min_experience_months": 12,
        "span": (15, 30),  # "Leads 15-30 agents": the span-of-control norm of the role
        "responsibilities": [
            _t(
                "Leads a team of 15-30 agents.",
                "Führt ein Team von 15–30 Kundenbetreuern.",
                "Kieruje zespołem 15–30 konsultantów.",
            ),
            _t(
                "Sets and measures team goals.",
                "Setzt und misst Teamziele.",
                "Wyznacza i mierzy cele zespołu.",
            ),
            _t(
                "Coaches agents and gives feedback.",
                "Coacht die Kundenbetreuer und gibt Feedback.",
                "Prowadzi coaching konsultantów i udziela im informacji zwrotnej.",
            ),
            _t(
                "Monitors attendance and adherence to policy.",
                "Überwacht Anwesenheit und Einhaltung der Richtlinien.",
                "Monitoruje obecność i przestrzeganie zasad.",
            ),
            _t(
                "Writes performance reports.",
                "Erstellt Leistungsberichte.",
                "Przygotowuje raporty wyników.",
            ),
        ],
        "skills": [
            ("job-service-knowledge", 4),
            ("customer-orientation", 4),
            ("reliability", 4),
            ("communication", 4),
            ("multitasking", 4),
            ("crm-tools", 4),
            ("organisation", 3),
            ("coaching-feedback", 3),
        ],
        "bands": [
            _usd(38000, 41000, 44000, _SOURCE_DOCS),
            *_local((40000, 45000, 52000), (90000, 105000, 125000)),
        ],
    },
    {
        "slug": "quality-checker",
        "parent": "call-center-manager",
        "title": _t("Quality Checker", "Qualitätsprüfer", "Specjalista ds. Jakości"),
        "aliases": {
            "en": [
                "Quality Analyst",
                "QA Specialist",
                "Quality Assurance Analyst",
                "Quality Monitor",
            ],
            "de": [
                "Qualitätsprüferin",
                "Qualitätsmanager Callcenter",
                "Mitarbeiter Qualitätssicherung",
            ],
            "pl": ["Quality Checker", "Analityk jakości", "Kontroler jakości"],
        },
        "summary": _t(
            "Checks and analyses the quality of calls and performance, calibrates scoring, agrees procedures "
            "with the client and distributes scored calls to team leaders.",
            "Prüft und analysiert Gesprächsqualität und Leistung, kalibriert die Bewertung, stimmt Abläufe mit "
            "dem Auftraggeber ab und verteilt bewertete Gespräche an die Teamleiter.",
            "Sprawdza i analizuje jakość rozmów oraz wyniki, kalibruje oceny, uzgadnia procedury z klientem "
            "i przekazuje ocenione rozmowy liderom zespołów.",
        ),
        "track": "specialist",
        "career_level": 4,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 12,
        "responsibilities": [
            _t(
                "Runs calibration sessions.",
                "Führt Kalibrierungsrunden durch.",
                "Prowadzi sesje kalibracyjne.",
            ),
            _t(
                "Agrees quality procedures with the client.",
                "Stimmt Qualitätsverfahren mit dem Auftraggeber ab.",
                "Uzgadnia z klientem procedury jakościowe.",
            ),
            _t(
                "Distributes scored calls to team leaders for coaching.",
                "Verteilt bewertete Gespräche zum Coaching an die Teamleiter.",
                "Przekazuje ocenione rozmowy liderom zespołów do coachingu.",
            ),
            _t(
                "Analyses performance and quality trends.",
                "Analysiert Leistungs- und Qualitätstrends.",
                "Analizuje trendy wyników i jakości.",
            ),
        ],
        "skills": [
            ("quality-monitoring", 4),
            ("calibration", 4),
            ("active-listening", 4),
            ("job-service-knowledge", 4),
            ("analytics", 3),
            ("communication", 3),
        ],
        "bands": [
            _usd(
                36770,
                44110,
                49050,
                _bls(
                    "43-4051",
                    "median/p75/p90",
                    note="Customer Service Representatives; no quality occupation in the file",
                ),
            ),
            *_local((36000, 40000, 45000), (78000, 90000, 102000)),
        ],
    },
    {
        "slug": "trainer-coach",
        "parent": "call-center-manager",
        "title": _t("Trainer and Coach", "Trainer und Coach", "Trener i Coach"),
        "aliases": {
            "en": ["Trainer", "Coach", "Training Specialist", "Call Center Trainer"],
            "de": ["Trainerin", "Callcenter-Trainer", "Schulungsleiter", "Kommunikationstrainer"],
            "pl": ["Trener", "Trenerka", "Trener wewnętrzny", "Specjalista ds. szkoleń"],
        },
        "summary": _t(
            "Designs and delivers onboarding, training and motivation programmes and writes call scripts and tools.",
            "Entwickelt Einarbeitungs-, Schulungs- und Motivationsprogramme und setzt sie um; erstellt "
            "Gesprächsleitfäden und Hilfsmittel.",
            "Opracowuje i prowadzi programy wdrożeniowe, szkoleniowe i motywacyjne oraz tworzy skrypty rozmów "
            "i narzędzia.",
        ),
        "track": "specialist",
        "career_level": 5,
        "education": _t(
            "Bachelor's degree or a trainer certification",
            "Bachelorabschluss oder Trainerzertifikat",
            "Wykształcenie wyższe lub certyfikat trenerski",
        ),
        "min_experience_months": 24,
        "responsibilities": [
            _t(
                "Runs the onboarding of new agents.",
                "Führt die Einarbeitung neuer Kundenbetreuer durch.",
                "Prowadzi wdrożenie nowych konsultantów.",
            ),
            _t(
                "Designs and delivers training programmes.",
                "Konzipiert Schulungsprogramme und führt sie durch.",
                "Projektuje i prowadzi programy szkoleniowe.",
            ),
            _t(
                "Runs motivation programmes.",
                "Organisiert Motivationsprogramme.",
                "Organizuje programy motywacyjne.",
            ),
            _t(
                "Writes and updates call scripts.",
                "Schreibt und aktualisiert Gesprächsleitfäden.",
                "Tworzy i aktualizuje skrypty rozmów.",
            ),
            _t(
                "Introduces new tools to the teams.",
                "Führt neue Tools in den Teams ein.",
                "Wdraża nowe narzędzia w zespołach.",
            ),
        ],
        "skills": [
            ("training-design", 4),
            ("coaching-feedback", 4),
            ("motivation", 4),
            ("communication", 4),
            ("job-service-knowledge", 4),
            ("technical-competence", 3),
        ],
        "bands": [
            _usd(
                38740,
                46600,
                62790,
                _bls("13-1151", "p25/median/p75", note="Training and Development Specialists"),
            ),
            *_local((40000, 45000, 52000), (85000, 100000, 120000)),
        ],
    },
    {
        "slug": "junior-consultant",
        "parent": "team-leader",
        "title": _t("Junior Consultant", "Junior-Kundenbetreuer", "Młodszy Konsultant"),
        "aliases": {
            "en": ["Junior Agent", "Trainee Agent", "New Hire Agent"],
            "de": ["Kundenbetreuer in Einarbeitung", "Junior-Kundenberater", "Junior-Agent"],
            "pl": ["Junior konsultant", "Konsultant w okresie wdrożenia", "Młodsza konsultantka"],
        },
        "summary": _t(
            "A new agent in the first months: learns products, systems and call handling on simple inbound "
            "contacts, with close support.",
            "Neuer Kundenbetreuer in den ersten Monaten: lernt Produkte, Systeme und Gesprächsführung an einfachen "
            "eingehenden Kontakten und wird dabei eng begleitet.",
            "Nowy konsultant w pierwszych miesiącach pracy: poznaje produkty, systemy i prowadzenie rozmów przy "
            "prostych kontaktach przychodzących, z bliskim wsparciem.",
        ),
        "track": "individual",
        "career_level": 1,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 0,
        "responsibilities": [
            _t(
                "Handles simple inbound calls and chats.",
                "Bearbeitet einfache eingehende Anrufe und Chats.",
                "Obsługuje proste połączenia przychodzące i czaty.",
            ),
            _t(
                "Completes onboarding and product training.",
                "Absolviert die Einarbeitung und Produktschulungen.",
                "Przechodzi wdrożenie i szkolenia produktowe.",
            ),
            _t(
                "Documents every contact in the CRM.",
                "Dokumentiert jeden Kontakt im CRM.",
                "Dokumentuje każdy kontakt w systemie CRM.",
            ),
            _t(
                "Passes on cases beyond own authority.",
                "Gibt Fälle außerhalb der eigenen Befugnisse weiter.",
                "Przekazuje dalej sprawy wykraczające poza własne uprawnienia.",
            ),
        ],
        "skills": [
            ("communication", 2),
            ("active-listening", 2),
            ("empathy", 2),
            ("technical-competence", 2),
            ("problem-solving", 1),
            ("crm-tools", 1),
        ],
        "bands": [
            _usd(
                25840,
                28780,
                33350,
                _bls(
                    "41-9041",
                    "p10/p25/median",
                    note="Telemarketers, the closest entry-level occupation in the file",
                ),
            ),
            *_local((27000, 29000, 31000), (58000, 62000, 68000)),
        ],
    },
    {
        "slug": "consultant",
        "parent": "team-leader",
        "title": _t("Consultant", "Kundenbetreuer", "Konsultant"),
        "aliases": {
            "en": [
                "Agent",
                "CSR",
                "Customer Service Representative",
                "Call Center Agent",
                "Customer Service Agent",
                "Contact Center Agent",
            ],
            "de": [
                "Kundenbetreuerin",
                "Telefonist",
                "Callcenter-Agent",
                "Kundenberater",
                "Servicemitarbeiter",
                "Kundenservice-Mitarbeiter",
            ],
            "pl": [
                "Konsultantka",
                "Agent call center",
                "Konsultant telefoniczny",
                "Doradca klienta",
                "Konsultant ds. obsługi klienta",
            ],
        },
        "summary": _t(
            "Handles inbound and outbound calls, e-mail, chat and social media: answers inquiries, updates "
            "accounts, spots sales opportunities and escalates what needs it.",
            "Bearbeitet eingehende und ausgehende Anrufe, E-Mails, Chats und soziale Medien: beantwortet Anfragen, "
            "aktualisiert Kundenkonten, erkennt Verkaufschancen und eskaliert, wo nötig.",
            "Obsługuje połączenia przychodzące i wychodzące, e-maile, czat i media społecznościowe: odpowiada na "
            "zapytania, aktualizuje dane kont, wychwytuje okazje sprzedażowe i w razie potrzeby eskaluje sprawy.",
        ),
        "track": "individual",
        "career_level": 2,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 3,
        "responsibilities": [
            _t(
                "Handles inbound and outbound calls.",
                "Führt ein- und ausgehende Telefonate.",
                "Prowadzi rozmowy przychodzące i wychodzące.",
            ),
            _t(
                "Answers e-mail, chat and social media.",
                "Beantwortet E-Mails, Chats und Anfragen aus sozialen Medien.",
                "Odpowiada na e-maile, czaty i wiadomości w mediach społecznościowych.",
            ),
            _t(
                "Resolves inquiries and updates customer accounts.",
                "Klärt Anfragen und aktualisiert Kundenkonten.",
                "Rozwiązuje zapytania i aktualizuje dane kont klientów.",
            ),
            _t(
                "Spots and uses sales opportunities.",
                "Erkennt und nutzt Verkaufschancen.",
                "Rozpoznaje i wykorzystuje okazje sprzedażowe.",
            ),
            _t("Escalates complex cases.", "Eskaliert komplexe Fälle.", "Eskaluje złożone sprawy."),
        ],
        "skills": [
            ("communication", 3),
            ("problem-solving", 3),
            ("active-listening", 3),
            ("empathy", 3),
            ("rapport-building", 3),
            ("quick-thinking", 3),
            ("technical-competence", 3),
            ("crm-tools", 3),
        ],
        "bands": [
            _usd(32000, 33500, 35000, _SOURCE_DOCS),
            {
                "currency": "USD",
                "period": "hourly",
                "minimum": 15.50,
                "midpoint": 16.75,
                "maximum": 19.50,
                "effective": _EFFECTIVE,
                "location": "",
                "source": "PRODUCT.md section 7 (under $20 an hour); spread estimated",
            },
            *_local((29000, 32000, 35000), (62000, 70000, 80000)),
        ],
    },
    {
        "slug": "senior-consultant",
        "parent": "team-leader",
        "title": _t("Senior Consultant", "Senior-Kundenbetreuer", "Starszy Konsultant"),
        "aliases": {
            "en": ["Senior Agent", "Senior Customer Service Representative", "Senior CSR"],
            "de": ["Senior-Kundenberater", "Erfahrener Kundenbetreuer", "Senior-Kundenbetreuerin"],
            "pl": ["Senior konsultant", "Starsza konsultantka", "Doświadczony konsultant"],
        },
        "summary": _t(
            "An experienced agent who handles complex contacts and complaints on every channel and helps newer "
            "colleagues.",
            "Erfahrener Kundenbetreuer, der komplexe Anliegen und Beschwerden auf allen Kanälen bearbeitet und "
            "neue Kollegen unterstützt.",
            "Doświadczony konsultant, który obsługuje złożone sprawy i reklamacje we wszystkich kanałach oraz "
            "pomaga nowszym współpracownikom.",
        ),
        "track": "individual",
        "career_level": 3,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 12,
        "responsibilities": [
            _t(
                "Handles complex contacts and complaints.",
                "Bearbeitet komplexe Anliegen und Beschwerden.",
                "Obsługuje złożone sprawy i reklamacje.",
            ),
            _t(
                "Takes over escalations from newer colleagues.",
                "Übernimmt Eskalationen von neueren Kollegen.",
                "Przejmuje eskalacje od mniej doświadczonych kolegów.",
            ),
            _t(
                "Buddies new agents during onboarding.",
                "Begleitet neue Kundenbetreuer als Pate in der Einarbeitung.",
                "Jest opiekunem nowych konsultantów podczas wdrożenia.",
            ),
            _t(
                "Serves customers on all channels.",
                "Betreut Kunden auf allen Kanälen.",
                "Obsługuje klientów we wszystkich kanałach.",
            ),
        ],
        "skills": [
            ("communication", 4),
            ("problem-solving", 4),
            ("active-listening", 4),
            ("empathy", 4),
            ("rapport-building", 4),
            ("job-service-knowledge", 3),
            ("crm-tools", 3),
            ("written-communication", 3),
        ],
        "bands": [
            _usd(
                33990,
                36770,
                44110,
                _bls("43-4051", "p25/median/p75", note="Customer Service Representatives"),
            ),
            *_local((32000, 35000, 39000), (70000, 80000, 90000)),
        ],
    },
    {
        "slug": "specialist",
        "parent": "team-leader",
        "title": _t("Specialist", "Kundenservice-Spezialist", "Specjalista"),
        "aliases": {
            "en": ["Customer Service Specialist", "Second-Level Agent", "Service Specialist"],
            "de": [
                "Spezialist Kundenservice",
                "Second-Level-Kundenbetreuer",
                "Kundenservice-Spezialistin",
            ],
            "pl": ["Specjalista ds. obsługi klienta", "Konsultant drugiej linii", "Specjalistka"],
        },
        "summary": _t(
            "After about two years: handles second-level cases in one subject area and keeps the team's "
            "knowledge base up to date.",
            "Nach etwa zwei Jahren: bearbeitet Second-Level-Fälle in einem Fachgebiet und hält die "
            "Wissensdatenbank des Teams aktuell.",
            "Po około dwóch latach: obsługuje sprawy drugiej linii w jednej dziedzinie i dba o aktualność "
            "bazy wiedzy zespołu.",
        ),
        "track": "individual",
        "career_level": 4,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 24,
        "responsibilities": [
            _t(
                "Handles second-level cases in a subject area.",
                "Bearbeitet Second-Level-Fälle in einem Fachgebiet.",
                "Obsługuje sprawy drugiej linii w swojej dziedzinie.",
            ),
            _t(
                "Maintains knowledge-base articles.",
                "Pflegt Artikel der Wissensdatenbank.",
                "Aktualizuje artykuły w bazie wiedzy.",
            ),
            _t(
                "Supports the team leader as the go-to person on the floor.",
                "Unterstützt den Teamleiter als Ansprechpartner auf der Fläche.",
                "Wspiera lidera zespołu jako osoba pierwszego kontaktu na sali.",
            ),
            _t(
                "Reports recurring problems to the project.",
                "Meldet wiederkehrende Probleme an das Projekt.",
                "Zgłasza powtarzające się problemy w projekcie.",
            ),
        ],
        "skills": [
            ("job-service-knowledge", 4),
            ("problem-solving", 4),
            ("communication", 4),
            ("customer-orientation", 4),
            ("multitasking", 4),
            ("crm-tools", 4),
        ],
        "bands": [
            _usd(
                36770,
                44110,
                49050,
                _bls("43-4051", "median/p75/p90", note="Customer Service Representatives"),
            ),
            *_local((35000, 38500, 42000), (78000, 88000, 100000)),
        ],
    },
    {
        "slug": "expert",
        "parent": "team-leader",
        "title": _t("Expert", "Experte Kundenservice", "Ekspert"),
        "aliases": {
            "en": ["Customer Service Expert", "Subject Matter Expert", "SME"],
            "de": ["Fachexperte", "Expertin Kundenservice", "Fachexpertin"],
            "pl": ["Ekspert ds. obsługi klienta", "Starszy specjalista", "Ekspertka"],
        },
        "summary": _t(
            "After three to five years: the subject-matter expert of the team who solves the hardest cases and "
            "shares knowledge through coaching.",
            "Nach drei bis fünf Jahren: Fachexperte des Teams, der die schwierigsten Fälle löst und sein Wissen "
            "im Coaching weitergibt.",
            "Po trzech do pięciu latach: ekspert merytoryczny zespołu, który rozwiązuje najtrudniejsze sprawy "
            "i dzieli się wiedzą w ramach coachingu.",
        ),
        "track": "individual",
        "career_level": 5,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 36,
        "responsibilities": [
            _t(
                "Solves the most difficult cases.",
                "Löst die schwierigsten Fälle.",
                "Rozwiązuje najtrudniejsze sprawy.",
            ),
            _t(
                "Coaches consultants on complex topics.",
                "Coacht Kundenbetreuer zu komplexen Themen.",
                "Prowadzi coaching konsultantów w trudnych tematach.",
            ),
            _t(
                "Tests new processes and products before rollout.",
                "Testet neue Prozesse und Produkte vor der Einführung.",
                "Testuje nowe procesy i produkty przed wdrożeniem.",
            ),
            _t(
                "Represents the team in improvement projects.",
                "Vertritt das Team in Verbesserungsprojekten.",
                "Reprezentuje zespół w projektach usprawnień.",
            ),
        ],
        "skills": [
            ("job-service-knowledge", 5),
            ("problem-solving", 5),
            ("communication", 4),
            ("customer-orientation", 4),
            ("coaching-feedback", 3),
            ("critical-thinking", 3),
        ],
        "bands": [
            _usd(
                44770,
                51780,
                63590,
                _bls(
                    "43-4051",
                    "median/p75/p90",
                    industry="all industries (national)",
                    note="Customer Service Representatives",
                ),
            ),
            *_local((38000, 42000, 47000), (85000, 98000, 112000)),
        ],
    },
    {
        "slug": "technical-support-specialist",
        "parent": "team-leader",
        "title": _t(
            "Technical Support Specialist",
            "Mitarbeiter Technischer Support",
            "Specjalista Wsparcia Technicznego",
        ),
        "aliases": {
            "en": ["Tech Support Agent", "Help Desk Agent", "Technical Support Representative"],
            "de": ["Technischer Kundenberater", "Helpdesk-Mitarbeiter", "IT-Supporter"],
            "pl": [
                "Konsultant helpdesk",
                "Konsultant wsparcia technicznego",
                "Specjalistka wsparcia technicznego",
            ],
        },
        "summary": _t(
            "A well-paid specialist seat: diagnoses and solves customers' technical problems by phone, chat and "
            "remote support.",
            "Gut bezahlte Spezialistenposition: diagnostiziert und löst technische Probleme von Kunden per "
            "Telefon, Chat und Fernwartung.",
            "Dobrze płatne stanowisko specjalistyczne: diagnozuje i rozwiązuje problemy techniczne klientów "
            "przez telefon, czat i zdalny dostęp.",
        ),
        "track": "specialist",
        "career_level": 4,
        "education": _t(
            "High-school diploma plus technical training or an IT certification",
            "Schulabschluss und technische Ausbildung oder IT-Zertifikat",
            "Wykształcenie średnie oraz szkolenie techniczne lub certyfikat IT",
        ),
        "min_experience_months": 12,
        "responsibilities": [
            _t(
                "Diagnoses technical problems together with the customer.",
                "Diagnostiziert technische Probleme gemeinsam mit dem Kunden.",
                "Diagnozuje problemy techniczne wspólnie z klientem.",
            ),
            _t(
                "Guides customers through the fix step by step.",
                "Führt Kunden Schritt für Schritt durch die Lösung.",
                "Prowadzi klienta krok po kroku przez rozwiązanie.",
            ),
            _t(
                "Documents solutions in tickets and the knowledge base.",
                "Dokumentiert Lösungen in Tickets und in der Wissensdatenbank.",
                "Dokumentuje rozwiązania w zgłoszeniach i w bazie wiedzy.",
            ),
            _t(
                "Escalates defects to the second level or the vendor.",
                "Eskaliert Fehler an den Second Level oder den Hersteller.",
                "Eskaluje usterki do drugiej linii wsparcia lub do producenta.",
            ),
        ],
        "skills": [
            ("technical-support", 4),
            ("technical-competence", 4),
            ("problem-solving", 4),
            ("communication", 3),
            ("active-listening", 3),
            ("crm-tools", 3),
        ],
        "bands": [
            _usd(
                35350,
                46910,
                56300,
                _bls("15-1232", "p25/median/p75", note="Computer User Support Specialists"),
            ),
            *_local((36000, 41000, 47000), (80000, 95000, 115000)),
        ],
    },
    {
        "slug": "sales-representative",
        "parent": "team-leader",
        "title": _t(
            "Sales Representative",
            "Vertriebsmitarbeiter Telefonvertrieb",
            "Konsultant ds. Sprzedaży",
        ),
        "aliases": {
            "en": [
                "Telemarketer",
                "Telesales Agent",
                "Outbound Sales Agent",
                "Inside Sales Representative",
            ],
            "de": [
                "Telefonverkäufer",
                "Telesales-Agent",
                "Vertriebsmitarbeiterin",
                "Outbound-Agent",
            ],
            "pl": [
                "Telemarketerka",
                "Telesprzedawca",
                "Przedstawiciel handlowy",
                "Konsultantka ds. sprzedaży",
            ],
        },
        "summary": _t(
            "A well-paid specialist seat: sells products and services on outbound and inbound calls and meets "
            "sales targets.",
            "Gut bezahlte Spezialistenposition: verkauft Produkte und Dienstleistungen in aus- und eingehenden "
            "Telefonaten und erreicht Vertriebsziele.",
            "Dobrze płatne stanowisko specjalistyczne: sprzedaje produkty i usługi w rozmowach wychodzących "
            "i przychodzących oraz realizuje cele sprzedażowe.",
        ),
        "track": "specialist",
        "career_level": 3,
        "education": _HIGH_SCHOOL,
        "min_experience_months": 6,
        "responsibilities": [
            _t(
                "Calls prospects and existing customers with offers.",
                "Ruft Interessenten und Bestandskunden mit Angeboten an.",
                "Dzwoni do potencjalnych i obecnych klientów z ofertami.",
            ),
            _t(
                "Identifies needs and presents suitable products.",
                "Ermittelt den Bedarf und stellt passende Produkte vor.",
                "Rozpoznaje potrzeby i przedstawia odpowiednie produkty.",
            ),
            _t(
                "Closes sales and records them in the CRM.",
                "Schließt Verkäufe ab und erfasst sie im CRM.",
                "Finalizuje sprzedaż i rejestruje ją w CRM.",
            ),
            _t(
                "Meets individual sales targets.",
                "Erreicht die persönlichen Vertriebsziele.",
                "Realizuje indywidualne cele sprzedażowe.",
            ),
        ],
        "skills": [
            ("sales", 4),
            ("communication", 4),
            ("rapport-building", 4),
            ("negotiation", 3),
            ("quick-thinking", 3),
            ("customer-orientation", 3),
        ],
        "bands": [
            _usd(33350, 37330, 44350, _bls("41-9041", "median/p75/p90", note="Telemarketers")),
            *_local((30000, 35000, 42000), (65000, 78000, 95000)),
        ],
    },
    {
        "slug": "foreign-language-expert",
        "parent": "team-leader",
        "title": _t("Foreign Language Expert", "Fremdsprachenexperte", "Ekspert Językowy"),
        "aliases": {
            "en": ["Multilingual Agent", "Bilingual Agent", "Language Specialist"],
            "de": [
                "Mehrsprachiger Kundenbetreuer",
                "Kundenbetreuer mit Fremdsprache",
                "Fremdsprachenexpertin",
            ],
            "pl": [
                "Konsultant z językiem obcym",
                "Specjalista językowy",
                "Konsultantka z językiem obcym",
            ],
        },
        "summary": _t(
            "A well-paid specialist seat: serves customers in a foreign language and helps with translations "
            "and multilingual content.",
            "Gut bezahlte Spezialistenposition: betreut Kunden in einer Fremdsprache und unterstützt bei "
            "Übersetzungen und mehrsprachigen Inhalten.",
            "Dobrze płatne stanowisko specjalistyczne: obsługuje klientów w języku obcym i pomaga przy "
            "tłumaczeniach oraz treściach wielojęzycznych.",
        ),
        "track": "specialist",
        "career_level": 4,
        "education": _t(
            "High-school diploma; a second language at C1 level",
            "Schulabschluss; eine zweite Sprache auf Niveau C1",
            "Wykształcenie średnie; drugi język na poziomie C1",
        ),
        "min_experience_months": 12,
        "responsibilities": [
            _t(
                "Handles calls, e-mails and chats in a foreign language.",
                "Bearbeitet Anrufe, E-Mails und Chats in einer Fremdsprache.",
                "Obsługuje połączenia, e-maile i czaty w języku obcym.",
            ),
            _t(
                "Translates reply templates and knowledge-base articles.",
                "Übersetzt Textbausteine und Artikel der Wissensdatenbank.",
                "Tłumaczy szablony odpowiedzi i artykuły bazy wiedzy.",
            ),
            _t(
                "Supports colleagues with foreign-language customers.",
                "Unterstützt Kollegen bei fremdsprachigen Kunden.",
                "Wspiera współpracowników w kontaktach z klientami obcojęzycznymi.",
            ),
        ],
        "skills": [
            ("foreign-language", 4),
            ("communication", 4),
            ("empathy", 3),
            ("job-service-knowledge", 3),
            ("written-communication", 3),
            ("problem-solving", 3),
        ],
        "bands": [
            _usd(
                36870,
                44770,
                51780,
                _bls(
                    "43-4051",
                    "p25/median/p75",
                    industry="all industries (national)",
                    note="Customer Service Representatives; no language occupation in the file",
                ),
            ),
            *_local((35000, 40000, 46000), (80000, 95000, 115000)),
        ],
    },
]

# --------------------------------------------------------------------------------------------
# Career tracks: ordered rungs; typical_months = usual time on the rung before the next one
# --------------------------------------------------------------------------------------------

TRACKS: list[dict] = [
    {
        "slug": "consultant",
        "name": _t("Consultant track", "Fachlaufbahn Kundenbetreuung", "Ścieżka konsultanta"),
        "description": _t(
            "The individual-contributor ladder for agents: from Junior Consultant in the first months to "
            "Specialist after about two years and Expert after three to five years.",
            "Die Fachlaufbahn für Kundenbetreuer: vom Junior-Kundenbetreuer in den ersten Monaten über den "
            "Spezialisten nach etwa zwei Jahren bis zum Experten nach drei bis fünf Jahren.",
            "Ścieżka ekspercka dla konsultantów: od Młodszego Konsultanta w pierwszych miesiącach, przez "
            "Specjalistę po około dwóch latach, do Eksperta po trzech–pięciu latach.",
        ),
        "rungs": [
            {"role": "junior-consultant", "typical_months": 6},
            {"role": "consultant", "typical_months": 12},
            {"role": "senior-consultant", "typical_months": 12},
            {"role": "specialist", "typical_months": 24},
            {"role": "expert", "typical_months": 48},
        ],
    },
    {
        "slug": "leadership",
        "name": _t("Leadership track", "Führungslaufbahn", "Ścieżka kierownicza"),
        "description": _t(
            "The management ladder from agent to Team Leader and Call Center Manager, up to Chief Customer Officer.",
            "Die Führungslaufbahn vom Kundenbetreuer über Teamleiter und Callcenter-Manager bis zum "
            "Chief Customer Officer.",
            "Ścieżka kierownicza od konsultanta, przez Lidera Zespołu i Kierownika Call Center, aż do "
            "Dyrektora ds. Klientów (CCO).",
        ),
        "rungs": [
            {"role": "consultant", "typical_months": 18},
            {"role": "team-leader", "typical_months": 36},
            {"role": "call-center-manager", "typical_months": 36},
            {"role": "senior-call-center-manager", "typical_months": 36},
            {"role": "head-of-call-center", "typical_months": 48},
            {"role": "head-of-customer-service", "typical_months": 48},
            {"role": "vp-customer-service", "typical_months": 60},
            {"role": "chief-customer-officer", "typical_months": None},
        ],
    },
]

# --------------------------------------------------------------------------------------------
# Promotion paths. Every criterion threshold is a minimum (higher is better).
# --------------------------------------------------------------------------------------------

_METRICS: dict[str, tuple[str, Text]] = {
    "conversations_per_hour": (
        "/h",
        _t(
            "At least {n} conversations per hour",
            "Mindestens {n} Gespräche pro Stunde",
            "Co najmniej {n} rozmów na godzinę",
        ),
    ),
    "qa_score": (
        "%",
        _t(
            "QA score of at least {n}%",
            "QA-Bewertung von mindestens {n} %",
            "Ocena jakości (QA) co najmniej {n}%",
        ),
    ),
    "activity": (
        "%",
        _t(
            "Activity of at least {n}% of logged-in time",
            "Aktivität von mindestens {n} % der angemeldeten Zeit",
            "Aktywność co najmniej {n}% czasu zalogowania",
        ),
    ),
    "csat": (
        "%",
        _t(
            "Customer satisfaction (CSAT) of at least {n}%",
            "Kundenzufriedenheit (CSAT) von mindestens {n} %",
            "Satysfakcja klientów (CSAT) co najmniej {n}%",
        ),
    ),
    "first_contact_resolution": (
        "%",
        _t(
            "First-contact resolution of at least {n}%",
            "Erstlösungsquote von mindestens {n} %",
            "Rozwiązanie sprawy przy pierwszym kontakcie (FCR) co najmniej {n}%",
        ),
    ),
    "schedule_adherence": (
        "%",
        _t(
            "Schedule adherence of at least {n}%",
            "Planeinhaltung von mindestens {n} %",
            "Zgodność z grafikiem co najmniej {n}%",
        ),
    ),
    "team_qa_score": (
        "%",
        _t(
            "Team QA score of at least {n}%",
            "QA-Bewertung des Teams von mindestens {n} %",
            "Ocena jakości (QA) zespołu co najmniej {n}%",
        ),
    ),
    "team_schedule_adherence": (
        "%",
        _t(
            "Team schedule adherence of at least {n}%",
            "Planeinhaltung des Teams von mindestens {n} %",
            "Zgodność zespołu z grafikiem co najmniej {n}%",
        ),
    ),
    "team_retention": (
        "%",
        _t(
            "Team retention of at least {n}% over 12 months (attrition at most {rest}%)",
            "Mitarbeiterbindung im Team von mindestens {n} % über 12 Monate (Fluktuation höchstens {rest} %)",
            "Retencja w zespole co najmniej {n}% w ciągu 12 miesięcy (rotacja najwyżej {rest}%)",
        ),
    ),
    "service_level": (
        "%",
        _t(
            "Service level: at least {n}% of calls answered within 20 seconds",
            "Servicelevel: mindestens {n} % der Anrufe innerhalb von 20 Sekunden angenommen",
            "Poziom obsługi: co najmniej {n}% połączeń odebranych w ciągu 20 sekund",
        ),
    ),
    "forecast_accuracy": (
        "%",
        _t(
            "Forecast accuracy of at least {n}%",
            "Prognosegenauigkeit von mindestens {n} %",
            "Dokładność prognoz co najmniej {n}%",
        ),
    ),
    "sales_conversion": (
        "%",
        _t(
            "Sales conversion rate of at least {n}%",
            "Abschlussquote von mindestens {n} %",
            "Współczynnik konwersji sprzedaży co najmniej {n}%",
        ),
    ),
    "sales_target_attainment": (
        "%",
        _t(
            "Sales target reached to at least {n}%",
            "Vertriebsziel zu mindestens {n} % erreicht",
            "Realizacja celu sprzedażowego co najmniej {n}%",
        ),
    ),
    "client_retention": (
        "%",
        _t(
            "Client retention of at least {n}% a year",
            "Kundenbindungsquote von mindestens {n} % pro Jahr",
            "Utrzymanie klientów co najmniej {n}% rocznie",
        ),
    ),
}

_FOR_WEEKS = _t(
    " for at least {w} weeks", " über mindestens {w} Wochen", " przez co najmniej {w} tygodnie"
)


def _crit(metric: str, threshold: int, weeks: int = 0) -> dict:
    unit, template = _METRICS[metric]
    label = {}
    for lang, text in template.items():
        text = text.format(n=threshold, rest=100 - threshold)
        if weeks:
            text += _FOR_WEEKS[lang].format(w=weeks)
        label[lang] = text
    return {"metric": metric, "threshold": threshold, "unit": unit, "label": label}


def _path(src: str, dst: str, kind: str, min_months: int, skills: list, criteria: list) -> dict:
    return {
        "from": src,
        "to": dst,
        "kind": kind,
        "min_months": min_months,
        "skills": skills,
        "criteria": criteria,
    }


PATHS: list[dict] = [
    # consultant track (Monzo's Customer Operations framework for the first two steps)
    _path(
        "junior-consultant",
        "consultant",
        "up",
        3,
        [("communication", 3), ("active-listening", 3), ("empathy", 3), ("crm-tools", 2)],
        [
            _crit("conversations_per_hour", 10, weeks=2),
            _crit("qa_score", 95, weeks=2),
            _crit("activity", 95, weeks=2),
        ],
    ),
    _path(
        "consultant",
        "senior-consultant",
        "up",
        12,
        [("communication", 4), ("problem-solving", 4), ("empathy", 4), ("rapport-building", 4)],
        [_crit("conversations_per_hour", 12), _crit("qa_score", 95), _crit("activity", 95)],
    ),
    _path(
        "senior-consultant",
        "specialist",
        "up",
        9,
        [
            ("job-service-knowledge", 4),
            ("problem-solving", 4),
            ("crm-tools", 4),
            ("multitasking", 4),
        ],
        [_crit("qa_score", 95), _crit("csat", 90), _crit("first_contact_resolution", 80)],
    ),
    _path(
        "specialist",
        "expert",
        "up",
        12,
        [
            ("job-service-knowledge", 5),
            ("problem-solving", 5),
            ("coaching-feedback", 3),
            ("critical-thinking", 3),
        ],
        [_crit("qa_score", 96), _crit("csat", 92), _crit("first_contact_resolution", 85)],
    ),
    # leadership track
    _path(
        "consultant",
        "team-leader",
        "up",
        12,
        [
            ("communication", 4),
            ("job-service-knowledge", 4),
            ("reliability", 4),
            ("organisation", 3),
            ("coaching-feedback", 3),
        ],
        [_crit("qa_score", 95), _crit("schedule_adherence", 95), _crit("csat", 85)],
    ),
    _path(
        "senior-consultant",
        "team-leader",
        "up",
        6,
        [
            ("communication", 4),
            ("job-service-knowledge", 4),
            ("reliability", 4),
            ("organisation", 3),
            ("coaching-feedback", 3),
        ],
        [_crit("qa_score", 95), _crit("schedule_adherence", 95)],
    ),
    _path(
        "specialist",
        "team-leader",
        "up",
        6,
        [
            ("communication", 4),
            ("reliability", 4),
            ("organisation", 3),
            ("coaching-feedback", 3),
            ("multitasking", 4),
        ],
        [_crit("qa_score", 95), _crit("schedule_adherence", 95)],
    ),
    _path(
        "team-leader",
        "call-center-manager",
        "up",
        24,
        [
            ("motivation", 4),
            ("customer-orientation", 4),
            ("collaboration", 4),
            ("negotiation", 3),
            ("budget-management", 3),
            ("recruiting", 3),
        ],
        [
            _crit("team_qa_score", 92),
            _crit("team_schedule_adherence", 92),
            _crit("team_retention", 75),
        ],
    ),
    _path(
        "call-center-manager",
        "senior-call-center-manager",
        "up",
        24,
        [
            ("people-leadership", 4),
            ("coaching-feedback", 4),
            ("staff-management", 4),
            ("operations-management", 4),
        ],
        [_crit("service_level", 80), _crit("csat", 85), _crit("team_retention", 75)],
    ),
    _path(
        "senior-call-center-manager",
        "head-of-call-center",
        "up",
        36,
        [
            ("budget-management", 4),
            ("staff-management", 4),
            ("data-analysis", 4),
            ("team-building", 4),
            ("recruiting", 4),
        ],
        [_crit("service_level", 80), _crit("csat", 85)],
    ),
    _path(
        "head-of-call-center",
        "head-of-customer-service",
        "up",
        36,
        [
            ("customer-orientation", 5),
            ("strategy-development", 4),
            ("negotiation", 4),
            ("collaboration", 5),
        ],
        [_crit("csat", 85), _crit("client_retention", 90)],
    ),
    _path(
        "head-of-customer-service",
        "vp-customer-service",
        "up",
        48,
        [
            ("operations-management", 5),
            ("people-leadership", 5),
            ("strategy-development", 4),
            ("data-analysis", 4),
        ],
        [_crit("csat", 85)],
    ),
    _path(
        "vp-customer-service",
        "chief-customer-officer",
        "up",
        48,
        [
            ("strategy-development", 5),
            ("budget-management", 5),
            ("decision-making", 5),
            ("customer-orientation", 5),
        ],
        [],
    ),
    # quality, training and the specialist seats
    _path(
        "consultant",
        "quality-checker",
        "lateral",
        12,
        [("quality-monitoring", 3), ("active-listening", 4), ("job-service-knowledge", 4)],
        [_crit("qa_score", 97)],
    ),
    _path(
        "senior-consultant",
        "quality-checker",
        "lateral",
        6,
        [("quality-monitoring", 3), ("active-listening", 4), ("job-service-knowledge", 4)],
        [_crit("qa_score", 96)],
    ),
    _path(
        "team-leader",
        "trainer-coach",
        "lateral",
        12,
        [("training-design", 3), ("coaching-feedback", 4), ("communication", 4)],
        [_crit("team_qa_score", 92)],
    ),
    _path(
        "senior-consultant",
        "trainer-coach",
        "lateral",
        12,
        [
            ("training-design", 3),
            ("coaching-feedback", 3),
            ("communication", 4),
            ("job-service-knowledge", 4),
        ],
        [_crit("qa_score", 96), _crit("csat", 90)],
    ),
    _path(
        "consultant",
        "technical-support-specialist",
        "lateral",
        6,
        [("technical-support", 3), ("technical-competence", 4), ("problem-solving", 4)],
        [_crit("qa_score", 95), _crit("first_contact_resolution", 75)],
    ),
    _path(
        "consultant",
        "sales-representative",
        "lateral",
        6,
        [("sales", 3), ("rapport-building", 4), ("communication", 4)],
        [_crit("qa_score", 92), _crit("sales_conversion", 8)],
    ),
    _path(
        "consultant",
        "foreign-language-expert",
        "lateral",
        6,
        [("foreign-language", 4), ("communication", 4), ("written-communication", 3)],
        [_crit("qa_score", 95)],
    ),
    _path(
        "sales-representative",
        "account-manager",
        "up",
        12,
        [("client-relationship", 3), ("sales", 4), ("negotiation", 3), ("customer-orientation", 4)],
        [_crit("sales_target_attainment", 100), _crit("qa_score", 92)],
    ),
    _path(
        "account-manager",
        "key-account-manager",
        "up",
        24,
        [
            ("client-relationship", 5),
            ("contract-management", 3),
            ("negotiation", 4),
            ("analytics", 3),
        ],
        [_crit("client_retention", 90), _crit("sales_target_attainment", 100)],
    ),
    # operations, planning and projects
    _path(
        "team-leader",
        "shift-manager",
        "lateral",
        12,
        [("decision-making", 3), ("coordination", 3), ("communication", 4), ("quick-thinking", 4)],
        [_crit("team_qa_score", 90), _crit("team_schedule_adherence", 92)],
    ),
    _path(
        "shift-manager",
        "call-center-manager",
        "up",
        18,
        [
            ("motivation", 4),
            ("customer-orientation", 4),
            ("collaboration", 4),
            ("budget-management", 3),
            ("recruiting", 3),
        ],
        [_crit("service_level", 80), _crit("team_schedule_adherence", 92)],
    ),
    _path(
        "team-leader",
        "project-manager",
        "lateral",
        12,
        [
            ("job-service-knowledge", 4),
            ("client-relationship", 3),
            ("coordination", 3),
            ("organisation", 4),
        ],
        [_crit("team_qa_score", 92), _crit("csat", 85)],
    ),
    _path(
        "team-leader",
        "workforce-planning-analyst",
        "lateral",
        12,
        [("forecasting", 3), ("workforce-scheduling", 3), ("analytics", 3), ("data-management", 3)],
        [_crit("team_schedule_adherence", 92)],
    ),
    _path(
        "workforce-planning-analyst",
        "resource-planning-manager",
        "up",
        24,
        [
            ("forecasting", 5),
            ("workforce-scheduling", 4),
            ("coordination", 4),
            ("people-leadership", 3),
        ],
        [_crit("forecast_accuracy", 95), _crit("service_level", 80)],
    ),
    _path(
        "call-center-manager",
        "operations-manager",
        "lateral",
        12,
        [("operations-management", 4), ("critical-thinking", 4), ("people-leadership", 4)],
        [_crit("service_level", 80), _crit("csat", 85)],
    ),
    _path(
        "operations-manager",
        "head-of-call-center",
        "up",
        36,
        [
            ("budget-management", 4),
            ("staff-management", 4),
            ("data-analysis", 4),
            ("team-building", 4),
            ("recruiting", 4),
        ],
        [_crit("service_level", 80), _crit("csat", 85), _crit("client_retention", 90)],
    ),
]
