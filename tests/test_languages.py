"""Language codes and free-text language cells."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pfmatch._languages import (
    known_codes,
    language_name,
    normalize_language,
    parse_language_text,
)
from pfmatch._offering import UNKNOWN, YES


@pytest.mark.parametrize(("text", "code"), [
    ("Spanish", "es"), ("español", "es"), ("ESPAÑOL", "es"), ("castellano", "es"), ("es", "es"),
    ("spa", "es"), ("es-MX", "es"), ("Chinese", "zh"), ("中文", "zh"), ("Mandarin", "zh"),
    ("Cantonese", "yue"), ("Chinese (Cantonese)", "yue"), ("Korean", "ko"), ("한국어", "ko"),
    ("Armenian", "hy"), ("Հայերեն", "hy"), ("Tagalog", "tl"), ("Filipino", "tl"),
    ("Vietnamese", "vi"), ("Tiếng Việt", "vi"), ("tieng viet", "vi"), ("Farsi", "fa"),
    ("Persian", "fa"), ("فارسی", "fa"), ("Russian", "ru"), ("Arabic", "ar"), ("Japanese", "ja"),
    ("Khmer", "km"), ("Cambodian", "km"), ("Hindi", "hi"), ("Punjabi", "pa"), ("Hmong", "hmn"),
    ("Somali", "so"), ("Amharic", "am"), ("Haitian Creole", "ht"), ("Portuguese", "pt"),
    ("French", "fr"), ("francés", "fr"), ("ASL", "ase"), ("American Sign Language", "ase"),
    ("spansh", "es"), ("Portugese", "pt"), ("Phillipino", "tl"), ("inglés", "en"),
])
def test_normalize_language(text: str, code: str) -> None:
    assert normalize_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "Creole", "Accommodations possible", "xyzzy",
                                  "Language Line", "qqq"])
def test_normalize_language_refuses_to_guess(text: str) -> None:
    assert normalize_language(text) is None


@pytest.mark.parametrize(("code", "en", "es"), [
    ("es", "Spanish", "español"), ("zh", "Chinese", "chino"), ("ase", "American Sign Language",
                                                               "lengua de señas americana"),
    ("ko", "Korean", "coreano"),
])
def test_language_name(code: str, en: str, es: str) -> None:
    assert language_name(code) == en
    assert language_name(code, lang="es") == es


def test_language_name_unknown_and_bad_lang() -> None:
    assert language_name("zz-unknown") == "zz-unknown"
    with pytest.raises(ValueError, match="lang"):
        language_name("es", lang="fr")


def test_table_size_and_codes() -> None:
    codes = known_codes()
    assert len(codes) >= 80
    assert all(2 <= len(c) <= 3 for c in codes)


@pytest.mark.parametrize(("text", "codes", "interp", "only"), [
    ("Spanish, Tagalog", ("es", "tl"), UNKNOWN, False),
    ("Spanish.", ("es",), UNKNOWN, False),
    ("ASL.", ("ase",), UNKNOWN, False),
    ("A.S.L.", ("ase",), UNKNOWN, False),
    ("Language Line.", (), YES, False),
    ("Accommodations possible.", (), YES, False),
    ("interpreters available", (), YES, False),
    ("translation services", (), YES, False),
    ("Spanish only", ("es",), UNKNOWN, True),
    ("English only", ("en",), UNKNOWN, True),
    ("Spanish, no English", ("es", "en"), UNKNOWN, True),
    ("Chinese (Cantonese), Chinese (Mandarin), Tagalog, Spanish", ("yue", "zh", "tl", "es"),
     UNKNOWN, False),
    ("Spanish and Korean.", ("es", "ko"), UNKNOWN, False),
    ("Greek & Persian.", ("el", "fa"), UNKNOWN, False),
    ("Spanish, Language line, ASL with prior arrangements.", ("es", "ase"), YES, False),
    ("Free Literature available in Spanish, Russian and Chinese.", (), UNKNOWN, False),
    ("No.", (), UNKNOWN, False),
    ("español e inglés", ("es", "en"), UNKNOWN, False),
])
def test_parse_language_text(text: str, codes: tuple[str, ...], interp: int, only: bool) -> None:
    p = parse_language_text(text)
    assert p.codes == codes
    assert p.interpretation == interp
    assert p.only is only


def test_unresolved_is_reported_not_guessed() -> None:
    p = parse_language_text("Spanish, Creole.")
    assert p.codes == ("es",)
    assert p.unresolved == ("Creole",)


@given(st.text(max_size=200))
def test_parse_language_text_never_raises(text: str) -> None:
    p = parse_language_text(text)
    assert all(isinstance(c, str) for c in p.codes)
    normalize_language(text)
