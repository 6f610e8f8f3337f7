"""GII law XML: both the raw download (with DOCTYPE) and the canonicalised variant."""

from __future__ import annotations

import time

import pytest

from ingest.errors import CorruptDocument
from ingest.parsers.base import choose_parser
from ingest.parsers.gii_xml import GiiXmlParser

VARIANTS = {
    "raw": "laws/gii-xml_2025-03_daniel-j-h/sgb_2.xml",
    "c14n": "laws/gii-xml-c14n_2026-04_eriklueth/sgb_2.xml",
}
MINI = """<?xml version="1.0" encoding="UTF-8" ?>{doctype}
<dokumente builddate="20250227223015" doknr="BJNR0"><norm><metadaten><jurabk>TestG</jurabk>
<langue>Testgesetz</langue></metadaten></norm><norm><metadaten><jurabk>TestG</jurabk>
<enbez>§ 1</enbez><titel>Test</titel></metadaten><textdaten><text><Content>
<P>(1) Anfang {body} Ende.</P></Content></text></textdaten></norm></dokumente>"""


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def sgb2(request, corpus):
    path = corpus / VARIANTS[request.param]
    return request.param, GiiXmlParser().parse(path.read_bytes(), path.name)


def test_section_22_heading_with_its_paragraphs(sgb2):
    _, doc = sgb2
    texts = [b.text for b in doc.blocks]
    index = texts.index("§ 22 – Bedarfe für Unterkunft und Heizung")
    assert doc.blocks[index].level == 2
    assert texts[index + 1].startswith("(1) Bedarfe für Unterkunft und Heizung werden in Höhe")
    following = texts[index + 1 : texts.index("§ 22a – Satzungsermächtigung")]
    assert any(t.startswith("(2) Als Bedarf für die Unterkunft") for t in following)
    assert any(t.startswith("1. die oder der Betroffene aus schwerwiegenden") for t in following)
    assert all(b.page is None for b in doc.blocks)


def test_law_title_structure_and_metadata(sgb2):
    variant, doc = sgb2
    assert doc.format == "gii-xml"
    assert doc.title == (
        "Sozialgesetzbuch (SGB) Zweites Buch (II) - Bürgergeld, Grundsicherung für "
        "Arbeitsuchende - (Artikel 1 des Gesetzes vom 24. Dezember 2003, BGBl. I S. 2954)"
    )
    assert doc.properties["jurabk"] == "SGB 2"
    assert "zuletzt geändert durch" in doc.properties["standangabe"]
    expected = {"raw": ("2025-02-24", "2025-02-27"), "c14n": ("2025-12-22", "2026-04-23")}
    assert str(doc.date) == expected[variant][0]  # the "Stand" date, not the build date
    assert doc.properties["builddate"].startswith(expected[variant][1])
    level1 = [b.text for b in doc.blocks if b.level == 1]
    assert level1[0] == doc.title
    assert "Kapitel 3 – Leistungen" in level1
    assert "Abschnitt 2 – Leistungen zur Sicherung des Lebensunterhalts" in level1


def test_toc_norm_skipped_and_repealed_norms_keep_their_heading(sgb2):
    _, doc = sgb2
    texts = [b.text for b in doc.blocks]
    assert "Inhaltsübersicht" not in texts
    index = texts.index("§ 16j – (weggefallen)")
    assert doc.blocks[index + 1].level > 0  # no "(weggefallen)" body block
    assert "(1a) (weggefallen)" in texts  # a repealed Absatz inside a § stays


def test_both_variants_have_the_same_sections(corpus):
    docs = [GiiXmlParser().parse((corpus / p).read_bytes(), p) for p in VARIANTS.values()]
    raw, c14n = ({b.text.split(" – ")[0] for b in d.blocks if b.level == 2} for d in docs)
    assert "§ 22" in raw and raw == c14n


def test_sniffing_picks_the_xml_parser(corpus):
    data = (corpus / VARIANTS["raw"]).read_bytes()
    assert choose_parser(data, "gesetz.bin").format == "gii-xml"


def test_external_dtd_is_never_loaded(tmp_path):
    """The DOCTYPE points at a local DTD defining an entity: it must not be read."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY geheim "AUS-DER-DTD">', encoding="utf-8")
    doctype = f'<!DOCTYPE dokumente SYSTEM "{dtd.as_uri()}">'
    doc = GiiXmlParser().parse(MINI.format(doctype=doctype, body="&geheim;").encode(), "t.xml")
    assert "AUS-DER-DTD" not in doc.text
    assert doc.blocks[-1].text == "(1) Anfang Ende."


def test_unreachable_dtd_url_does_not_slow_parsing():
    """A DOCTYPE with an unroutable URL would hang for the connect timeout if fetched."""
    doctype = '<!DOCTYPE dokumente SYSTEM "http://10.255.255.1/dtd/gii-norm.dtd">'
    started = time.monotonic()
    doc = GiiXmlParser().parse(MINI.format(doctype=doctype, body="").encode(), "t.xml")
    assert time.monotonic() - started < 2
    assert doc.blocks[1].text == "§ 1 – Test"


BOMB = """<?xml version="1.0"?>
<!DOCTYPE dokumente [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<dokumente><norm><metadaten><jurabk>X</jurabk></metadaten>
<textdaten><text><Content><P>&f;&f;&f;&f;</P></Content></text></textdaten></norm></dokumente>"""
XXE = """<?xml version="1.0"?><!DOCTYPE dokumente [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<dokumente><norm><metadaten><jurabk>X</jurabk><enbez>§ 1</enbez></metadaten>
<textdaten><text><Content><P>&x;</P></Content></text></textdaten></norm></dokumente>"""


@pytest.mark.timeout(10)
@pytest.mark.parametrize("payload", [BOMB, XXE], ids=["billion-laughs", "xxe"])
def test_entity_attacks_are_rejected_quickly(payload):
    started = time.monotonic()
    with pytest.raises(CorruptDocument, match=r"bombe\.xml"):
        GiiXmlParser().parse(payload.encode(), "bombe.xml")
    assert time.monotonic() - started < 2


def test_malformed_xml_is_corrupt():
    data = b'<?xml version="1.0"?><dokumente><norm><metadaten><jurabk>X</jurabk></norm>'
    with pytest.raises(CorruptDocument, match=r"kaputt\.xml"):
        GiiXmlParser().parse(data, "kaputt.xml")


def test_einglmv_table_rows_carry_their_column_names(corpus):
    """The EinglMV 2026 distribution tables (CALS with <thead>): each row names its columns, so
    a search for a district's share finds the row and the snippet says what the number is."""
    path = corpus / "laws/gii-xml-c14n_2026-04_eriklueth/einglmv_2026.xml"
    doc = GiiXmlParser().parse(path.read_bytes(), path.name)
    kusel = [b.text for b in doc.blocks if "Jobcenter: Kusel |" in b.text]
    assert kusel[0] == ("Träger-Nummer ab 1. Januar 2026: 51542 | Träger-Form ab 1. Januar 2026: zkT | "
                        "Jobcenter: Kusel | Eingliederungsmittel in Prozent: 0,0596")
    assert len(kusel) == 5 and kusel[-1].endswith("Verwaltungsmittel in Prozent: 0,0688")
    assert not any(b.text.startswith("Träger-Nummer ab 1. Januar 2026 | ") for b in doc.blocks)  # header not a row
