"""The client-data check: realistic texts of a caseworker's question, with and without Sozialdaten.

Every positive must be caught with the kind named; every negative (ordinary SGB II wording with
amounts, dates, citations, Aktenzeichen, circular numbers, office phone numbers) must pass, since a
check that refuses ordinary questions would be switched off in practice.
"""

from __future__ import annotations

import pytest

from ingest.personal_data import find_personal_data, iban_valid, refusal_message, tax_id_valid

POSITIVES = [
    ("Die BG-Nr. 12345BG0012345 hat den Weiterbewilligungsantrag zu spät gestellt.", "bg_nummer"),
    ("Bedarfsgemeinschaft 07231BG0004711: Wie rechnen wir das Kindergeld an?", "bg_nummer"),
    ("In der BG 07231 BG 0004711 lebt ein volljähriges Kind, zählt es zur BG?", "bg_nummer"),
    ("BG-Nummer: 33101BG0123456, Antrag vom 03.02.2026", "bg_nummer"),
    ("Kd.-Nr. 123D456789 hat eine Nachzahlung von 1.200 € erhalten.", "kundennummer"),
    ("Kundennummer 987A654321 – darf die Betriebskostennachzahlung übernommen werden?", "kundennummer"),
    ("Der Kunde (Kunden-Nr. 411B002233) bezieht zusätzlich Wohngeld.", "kundennummer"),
    ("Im Fall 555K123456 wurde die Miete direkt an den Vermieter gezahlt.", "kundennummer"),
    ("Überweisung auf IBAN DE89 3704 0044 0532 0130 00 trotz Pfändung?", "iban"),
    ("Das Konto DE89370400440532013000 gehört der Mutter, nicht dem Leistungsberechtigten.", "iban"),
    ("Bankverbindung: DE02120300000000202051, ist ein P-Konto nötig?", "iban"),
    ("Frau Meier, geb. 12.03.1985, hat einen Mehrbedarf für Alleinerziehende beantragt.", "geburtsdatum"),
    ("Der Sohn, geboren am 01.09.2007, beginnt eine Ausbildung – gilt § 7 Abs. 5 SGB II?", "geburtsdatum"),
    ("Geburtsdatum: 24.12.1990; die Antragstellerin ist schwanger.", "geburtsdatum"),
    ("Herr Yilmaz (04.07.1979) arbeitet als Minijobber, wie hoch ist der Freibetrag?", "geburtsdatum"),
    ("Frau Dr. Schneider-Wolf, 15.11.1968 hat eine Erwerbsminderungsrente beantragt.", "geburtsdatum"),
    ("Die Tochter * 02.05.2010 wohnt zeitweise beim Vater.", "geburtsdatum"),
    ("Der Antragsteller wohnt Hauptstraße 12 in einer 3-Zimmer-Wohnung.", "anschrift"),
    ("Die Wohnung in der Koblenzer Str. 45a ist zu teuer, 620 € kalt.", "anschrift"),
    ("Umzug in die Lindenallee 3 – übernehmen wir die Kaution?", "anschrift"),
    ("Er lebt im Gartenweg 7 bei seinen Eltern.", "anschrift"),
    ("Kontakt über Bahnhofstrasse 118, 2. OG.", "anschrift"),
    ("Versicherungsnummer 15 070649 C 103 liegt vor, die DRV fragt nach.", "rv_nummer"),
    ("Die RV-Nr. lautet 15070649C103, Rentenantrag ist gestellt.", "rv_nummer"),
    ("Laut Bescheid 15 070649 C 103 besteht volle Erwerbsminderung.", "rv_nummer"),
    ("Steuer-ID 86 095 742 719 für die Anfrage beim Finanzamt.", "steuer_id"),
    ("Die Steueridentifikationsnummer 86095742719 wurde im Antrag angegeben.", "steuer_id"),
    ("Abgleich über 86095742719 ergab Kapitalerträge.", "steuer_id"),
]

NEGATIVES = [
    "Der Regelbedarf für Alleinstehende beträgt ab 01.01.2026 563 € monatlich.",
    "Gilt § 22 Abs. 1 Satz 2 SGB II auch bei einem Umzug innerhalb des Kreises?",
    "Nach Rundschreiben Nr. 3/2025 sind die Heizkosten bis 31.12.2026 zu übernehmen.",
    "Das LSG Rheinland-Pfalz hat unter L 3 AS 123/24 entschieden, dass die Frist gilt.",
    "Beschluss S 5 AS 456/23 ER des SG Koblenz: Anordnungsgrund verneint.",
    "Rückfragen bitte an das Team Leistung, Tel. 0261 108-2173, oder die Funktionsmailbox.",
    "Durchwahl -217 im Jobcenter Kusel, erreichbar montags bis freitags.",
    "Die BG besteht aus drei Personen, davon zwei Kinder unter 14 Jahren.",
    "Wie rechnet ihr die Kundennummer im neuen Fachverfahren um? Das Format ändert sich.",
    "Der Mehrbedarf nach § 21 Abs. 3 SGB II beträgt 36 % des Regelbedarfs, also 202,68 €.",
    "Ist der Rechtsweg 2 Monate nach Zugang des Widerspruchsbescheids noch offen?",
    "Im Jahr 2026 steigt der Freibetrag für Erwerbstätige nach § 11b Abs. 3 SGB II.",
    "BGBl. I S. 2328 vom 16.12.2022 enthält das Bürgergeld-Gesetz.",
    "Die Angemessenheitsgrenze für 2 Personen liegt bei 60 m² und 498 € Bruttokaltmiete.",
    "Sitzung der AG Leistung am 14.03.2026 um 10 Uhr in Mayen, Raum 2.14.",
    "Die Weisung 202503017 der BA vom 20.03.2025 gilt für zugelassene kommunale Träger nicht.",
    "Geburten nach dem 01.07.2025 lösen den Mehrbedarf für Schwangere nicht mehr aus.",
    "Der Kinderzuschlag wird seit 01.01.2025 mit 297 € je Kind gezahlt.",
    "Herr Müller aus dem Team Leistung hat am 12.02.2026 die Schulung gehalten.",
    "Frau Becker, Sachgebietsleitung, bittet um Rückmeldung bis 30.06.2026.",
    "Aktenzeichen 52-4-1234/2025 bitte bei Rückfragen an die Kommunalaufsicht angeben.",
    "Ausbildungsplatz 2 von 5 im Projekt ist noch frei.",
    "Die Kosten für Klassenfahrten (BuT, § 28 Abs. 2 Nr. 2 SGB II) werden in voller Höhe übernommen.",
    "Unsere Postanschrift lautet Postfach 1234, 56068 Koblenz.",
    "Ab dem 3. Monat gilt der Sanktionsrahmen von 30 % nach § 31a SGB II.",
    "Vorgangsnummer im Fachverfahren: VG-2026-004512, bitte im Ticket angeben.",
    "Die Bagatellgrenze von 50 € nach § 40 Abs. 1 Satz 3 SGB II gilt je BG.",
    "IBAN-Angaben werden nur im Fachverfahren gespeichert, nie im Netzwerk.",
    "Die Telefonnummer der Hotline ist 0800 4555500 (kostenfrei).",
    "Eine Steuer-ID hat 11 Ziffern; wir fragen sie nur beim Einkommensabgleich ab.",
    "Der Weg 2 der Arbeitshilfe (Direktzahlung an den Vermieter) ist der einfachere.",
    "Die Miete von 12,50 € je m² in der Innenstadt liegt über dem Richtwert.",
]


@pytest.mark.parametrize(("text", "kind"), POSITIVES)
def test_client_data_is_found_with_its_kind(text: str, kind: str) -> None:
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [kind], findings
    finding = findings[0]
    assert text[finding.start:finding.end].strip() == finding.text
    assert finding.explanation


@pytest.mark.parametrize("text", NEGATIVES)
def test_ordinary_sgb2_wording_passes(text: str) -> None:
    assert find_personal_data(text) == []


def test_enough_realistic_examples() -> None:
    assert len(POSITIVES) >= 25 and len(NEGATIVES) >= 25


def test_wrong_check_digits_are_not_flagged() -> None:
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_valid("DE88 3704 0044 0532 0130 00")
    assert tax_id_valid("86095742719")
    assert not tax_id_valid("86095742718")
    assert find_personal_data("Rentenversicherungsvorgang 15 070649 C 104 geprüft") == []


def test_several_findings_in_reading_order_and_message() -> None:
    text = "Frau Meier, geb. 12.03.1985, wohnt Hauptstraße 12, IBAN DE89370400440532013000."
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["geburtsdatum", "anschrift", "iban"]
    message = refusal_message(findings)
    assert "Sozialdaten" in message and "„Hauptstraße 12“" in message and "Bankverbindung" in message


def test_a_future_date_after_geb_is_no_birth_date() -> None:
    assert find_personal_data("Antrag geb. 12.03.2099 vermerkt") == []
