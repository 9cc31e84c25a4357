"""Population limits a service name states ("for immigrants"), and the two groups ILAO names."""

from __future__ import annotations

import pytest

from pfmatch._query import build_query
from pfmatch.normalize.populations import (
    family_belongs,
    name_audience,
    population_bits,
    population_limits,
    population_text,
)


@pytest.mark.parametrize(("name", "codes"), [
    ("Free legal advice for immigrants", ("immigrants",)),
    ("Help for asylum seekers", ("immigrants",)),
    ("Free legal help to victims of hate crimes", ("crime_victims",)),
    ("Employment rights helpline for people with disabilities", ("disability",)),
    # an organization named for a group serves everyone unless it says so
    ("Catholic Charities, Project Serve", ()),
    ("Women's Law Center, The", ()),
    ("Free immigration help for Chicago residents", ()),
    ("Legal help for Domestic Abuse in Eastern Illinois", ()),
])
def test_the_for_whom_part_of_a_name_is_read(name: str, codes: tuple[str, ...]) -> None:
    assert population_limits(population_text(None, None, name)) == codes


def test_name_audience() -> None:
    assert name_audience("Free legal advice for immigrants") == "immigrants"
    assert name_audience("Senior Peer Counseling") == ""


def test_name_clause_adds_to_the_eligibility() -> None:
    text = population_text("Only for people living with HIV/AIDS.", None, "Help for immigrants")
    assert population_limits(text) == ("hiv", "immigrants")


@pytest.mark.parametrize("text", [
    "Only for survivors of abuse or crime (domestic violence, trafficking, sexual assault).",
    "Crime victims and their families", "Trafficking survivors only"])
def test_crime_victims(text: str) -> None:
    assert "crime_victims" in population_limits(text)


def test_needs_and_barriers_show_who_the_family_is() -> None:
    assert family_belongs(["immigration_legal"]) & population_bits(["immigrants"])
    assert family_belongs(["domestic_violence"]) & population_bits(["crime_victims"])
    fam = {"location": {"zip": "60623"}, "needs": ["legal help"],
           "barriers": ["immigration_concerns"]}
    assert build_query(fam, ()).population_ok & population_bits(["immigrants"])
    assert not build_query({**fam, "barriers": []}, ()).population_ok & population_bits(
        ["immigrants"])


@pytest.mark.parametrize(("text", "limited"), [
    ("Only for non-profit organizations or small businesses.", True),
    ("Non-profit organizations.", True),
    ("Agencies, businesses, schools and community organizations.", True),
    ("Private, non-profit organization that serves parents", False),
    ("Individuals and businesses in need of conflict resolution", False),
    ("No businesses.", False),
])
def test_services_for_organizations(text: str, limited: bool) -> None:
    assert ("organizations" in population_limits(text)) is limited
