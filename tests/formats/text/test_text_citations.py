"""Whole citations in the variants issue 4 lists, each checked on the fields the variant is about.

The citations are real (the document's references and other published articles) re-typed the
ways reference lists differ; the expected values are read off the text by hand.
"""

from __future__ import annotations

from typing import Any

import pytest

from citekit.formats.text import parse_citation

CASES: list[tuple[str, dict[str, Any]]] = [
    # the document's variant, and the missing space after a comma
    (("Migden MR,Khushalani NI, Chang ALS, et al. Cemiplimab in locally advanced cutaneous squamous cell carcinoma: results from an "
      "open-label, phase 2, single-arm trial. Lancet Oncol 2020;21:294-305."),
     {"families": ["Migden", "Khushalani", "Chang"], "container-title": "Lancet Oncol", "volume": "21", "page": "294-305", "et-al": True}),
    # et al without a period, with and without the comma before it
    ("Morris VK, Salem ME, Nimeiri H, et al Nivolumab for anal cancer. Lancet Oncol 2017;18:446-453.",
     {"families": ["Morris", "Salem", "Nimeiri"], "title": "Nivolumab for anal cancer", "et-al": True}),
    ("Morris VK, Salem ME, Nimeiri H et al. Nivolumab for anal cancer. Lancet Oncol 2017; 18: 446–53.",
     {"families": ["Morris", "Salem", "Nimeiri"], "page": "446-453", "et-al": True}),
    # dotted initials
    ("Morris V.K., Salem M.E., Nimeiri H. Nivolumab for anal cancer. Lancet Oncol. 2017;18:446-453.",
     {"families": ["Morris", "Salem", "Nimeiri"], "givens": ["V. K.", "M. E.", "H."]}),
    # supplement without and with the Suppl label; abstract tag
    ("Rao S, Samalin-Scalzi E, Evesque L, et al. POD1UM-303/InterAACT 2: Phase 3 study of retifanlimab [abstract]. Ann Oncol 2024;35:S1217.",
     {"volume": "35", "page": "S1217", "genre": "abstract", "title": "POD1UM-303/InterAACT 2: Phase 3 study of retifanlimab"}),
    ("Rao S, Samalin-Scalzi E. POD1UM-303/InterAACT 2. Ann Oncol. 2024;35(Suppl 2):S1217.",
     {"volume": "35", "issue": "Suppl 2", "supplement": "2", "page": "S1217"}),
    # article numbers
    ("André T, Berton D, Curigliano G, et al. Antitumor activity of dostarlimab. JAMA 2023;6:e2341165.",
     {"container-title": "JAMA", "volume": "6", "page": "e2341165", "year": 2023}),
    ("Rao S, Anandappa G, Capdevila J, et al. A phase II study of retifanlimab (INCMGA00012) (POD1UM-202). ESMO Open 2022;7:100529.",
     {"page": "100529", "title": "A phase II study of retifanlimab (INCMGA00012) (POD1UM-202)"}),
    # month and day, e-pub note, PMID
    (("Xia F, Wang Y, Wang H, et al. Randomized Phase II Trial (TORCH). J Clin Oncol. 2024 Oct 1;42(28):3308-3318. "
      "doi: 10.1200/JCO.23.02261. Epub 2024 Jun 28. PMID: 38950321."),
     {"issued": [2024, 10, 1], "available-date": [2024, 6, 28], "PMID": "38950321", "DOI": "10.1200/JCO.23.02261"}),
    # a question mark ends the title
    ("Smith JA, Jones B. Is immunotherapy the answer? A review. N Engl J Med. 2020;382(1):12-20.",
     {"title": "Is immunotherapy the answer? A review", "container-title": "N Engl J Med"}),
    ("Zimbardo PG. Does psychology make a significant difference in our lives? Am Psychol. 2004;59(5):339-351.",
     {"title": "Does psychology make a significant difference in our lives?", "container-title": "Am Psychol"}),
    # particles, suffixes, diacritics, hyphens
    ("Diaz LA Jr, van der Heijden MS, Müller-Lüdenscheid K, de la Fuente JM. A title. Lancet. 2019;393:1-2.",
     {"families": ["Diaz", "Heijden", "Müller-Lüdenscheid", "Fuente"], "suffix0": "Jr", "particle1": "van der"}),
    # web page and guideline with access dates
    ("American Cancer Society. Anal cancer risk factors. Accessed March 3, 2024. https://www.cancer.org/cancer/types/anal-cancer.html",
     {"type": "webpage", "URL": "https://www.cancer.org/cancer/types/anal-cancer.html", "accessed": [2024, 3, 3],
      "literal0": "American Cancer Society"}),
    (("National Comprehensive Cancer Network. NCCN Clinical Practice Guidelines in Oncology: Anal Carcinoma. V.4.2025. "
      "Accessed at www.nccn.org/professionals/physician_gls/pdf/anal.pdf on August 20, 2025."),
     {"type": "report", "version": "4.2025", "accessed": [2025, 8, 20], "title": "NCCN Clinical Practice Guidelines in Oncology: Anal Carcinoma"}),
    # APA: Article numbers, et al. in APA 6 habits, doi: prefix
    ("Morris, V. K., et al. (2017). Nivolumab for anal cancer. The Lancet Oncology, 18(4), 446-453. doi:10.1016/S1470-2045(17)30104-3",
     {"families": ["Morris"], "container-title": "The Lancet Oncology", "issue": "4", "DOI": "10.1016/S1470-2045(17)30104-3"}),
    ("André, T., & Berton, D. (2023, November 1). Antitumor activity of dostarlimab. JAMA Network Open, 6(11), Article e2341165.",
     {"issued": [2023, 11, 1], "page": "e2341165", "families": ["André", "Berton"]}),
    # AMA web pages: published and updated dates, a trial registration number
    (("American Cancer Society. Treating anal cancer. American Cancer Society website. Published March 3, 2021. "
      "Updated November 20, 2025. Accessed December 1, 2025. https://www.cancer.org/cancer/types/anal-cancer/treating.html"),
     {"type": "webpage", "issued": [2021, 3, 3], "accessed": [2025, 12, 1], "title": "Treating anal cancer",
      "note": "Updated November 20, 2025"}),
    (("ClinicalTrials.gov. A study of retifanlimab in anal cancer (POD1UM-303). NCT04472429. Accessed August 20, 2025. "
     "https://clinicaltrials.gov/study/NCT04472429"),
     {"number": "NCT04472429", "title": "A study of retifanlimab in anal cancer (POD1UM-303)", "accessed": [2025, 8, 20]}),
    # Vancouver web page: [updated ...; cited ...], place: publisher; year
    (("National Cancer Institute. Anal Cancer Treatment (PDQ®)–Health Professional Version [Internet]. Bethesda (MD): "
      "National Cancer Institute; 2025 [updated 2025 Jan 10; cited 2025 Aug 20]. Available from: "
      "https://www.cancer.gov/types/anal/hp/anal-treatment-pdq"),
     {"title": "Anal Cancer Treatment (PDQ®)–Health Professional Version", "publisher-place": "Bethesda (MD)",
      "publisher": "National Cancer Institute", "issued": [2025], "accessed": [2025, 8, 20],
      "URL": "https://www.cancer.gov/types/anal/hp/anal-treatment-pdq"}),
    # a book
    ("Smith J. A book title. 2nd ed. New York: Springer; 2010.",
     {"type": "book", "publisher": "Springer", "publisher-place": "New York", "edition": "2nd", "title": "A book title"}),
    # a leading list number on a citation handed over alone
    ("[12] Ott PA, Piha-Paul SA. Pembrolizumab. Ann Oncol. 2017 May;28(5):1036-41.",
     {"families": ["Ott", "Piha-Paul"], "page": "1036-1041", "issued": [2017, 5]}),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_citation(text: str, expected: dict[str, Any]) -> None:
    parsed = parse_citation(text)
    assert parsed.reference is not None, parsed.error
    csl = parsed.reference.to_csl()
    authors = csl.get("author") or []
    for key, value in expected.items():
        if key == "families":
            assert [a.get("family") for a in authors] == value
        elif key == "givens":
            assert [a.get("given") for a in authors] == value
        elif key == "et-al":
            assert parsed.reference.get_custom("parse-et-al") is value
        elif key == "suffix0":
            assert authors[0].get("suffix") == value
        elif key == "particle1":
            assert authors[1].get("non-dropping-particle") == value
        elif key == "literal0":
            assert authors[0].get("literal") == value
        elif key == "year":
            assert parsed.reference.year == value
        elif key in ("issued", "accessed", "available-date"):
            assert csl[key]["date-parts"] == [value], key
        else:
            assert csl.get(key) == value, key
