"""The offering: pfmatch's unit of ranking, as one plain record.

An offering is a service at a location, or a remote service (phone, online,
virtual) with no physical location.  Readers (``pfmatch.io``) turn any supported
file format into HSDS 3.0 service objects; normalizers (``pfmatch.normalize``)
turn each service object into one or more :class:`Offering` records; the index
(``pfmatch._index``) packs a list of offerings into numpy arrays and sparse
matrices.  Offering records are build-time objects: nothing on the ``match()``
path iterates over them.

Three-valued attributes use :data:`YES`, :data:`NO` and :data:`UNKNOWN`.
Every attribute is documented in ``docs/attributes.md`` (what it means, which
HSDS fields and which phrases set it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ATTRIBUTES", "NO", "UNKNOWN", "YES", "Offering", "Tri"]

Tri = int
YES: Tri = 1
NO: Tri = 0
UNKNOWN: Tri = -1

#: Names of the three-valued access attributes, in index column order.
ATTRIBUTES: tuple[str, ...] = (
    "in_person",            # can be attended in person at a physical location
    "walk_in",              # walk-ins welcome / no appointment needed
    "appointment_required", # an appointment is required
    "phone_intake",         # intake or enrolment can be done by phone
    "phone_only_intake",    # intake is ONLY by phone ("call to enroll", "call first")
    "online_intake",        # can apply or enrol online
    "online_only",          # delivered only online (no in-person, no phone service)
    "text_intake",          # can be reached by text message / SMS
    "home_visit",           # staff come to the family's home
    "virtual",              # delivered by video / telehealth / online sessions
    "evening",              # open after 17:00 on at least one day
    "weekend",              # open on Saturday or Sunday
    "open_24_7",            # open 24 hours a day, 7 days a week (hotlines, shelters)
    "free",                 # no cost to the family
    "sliding_scale",        # fees on a sliding scale by income
    "fee",                  # charges a fee (not free)
    "wheelchair",           # wheelchair accessible
    "asl",                  # American Sign Language available
    "tty",                  # TTY / TDD / relay line
    "transit",              # a public-transit note (bus or rail nearby)
    "childcare_onsite",     # on-site child care or children welcome during the service
    "waitlist",             # has a waiting list
    "documents_required",   # documents must be brought (ID, proof of income...)
    "interpretation",       # interpretation available for other languages
)


@dataclass(slots=True)
class Offering:
    """A service at a location, or a remote service, with normalized attributes.

    Identity and display fields are plain strings.  ``None`` means "not stated".
    """

    # -- identity ----------------------------------------------------------
    service_id: str
    location_id: str | None
    organization_id: str | None
    service_name: str
    organization_name: str
    description: str = ""

    # -- status: "active", "inactive", "defunct", "temporarily closed" --------
    status: str = "active"

    # -- place ---------------------------------------------------------------
    latitude: float | None = None
    longitude: float | None = None
    remote: bool = False              # no physical location (phone / online / virtual)
    confidential: bool = False        # address must never be shown (e.g. DV shelter)
    address: str | None = None        # one-line display address; None when confidential
    postal_code: str | None = None    # 5-digit US ZIP of the location, when known
    city: str | None = None
    state: str | None = None          # 2-letter US state code

    # -- eligibility -----------------------------------------------------------
    min_age_years: float | None = None
    max_age_years: float | None = None
    income_limit_fpl: float | None = None   # percent of the federal poverty level, e.g. 200.0
    #: Normalized service-area tokens; empty = no stated area (distance decides).
    #: Forms: "zip:90011", "city:los angeles|ca", "county:los angeles|ca",
    #: "state:ca", "nation:us".
    service_area: tuple[str, ...] = ()

    # -- language ---------------------------------------------------------------
    #: Languages offered, as canonical codes (ISO 639-1 where one exists, else 639-3).
    languages: tuple[str, ...] = ()
    #: Whether the source said anything about languages.  False = unknown.
    languages_known: bool = False

    # -- three-valued access attributes (keys from ATTRIBUTES) -------------------
    attributes: dict[str, Tri] = field(default_factory=dict)

    # -- taxonomy and text ------------------------------------------------------
    #: Raw taxonomy codes: Open Eligibility ids ("1130", Ohana-style "101-02-01"),
    #: 211HSIS-style codes ("BD-1800.2000").
    taxonomy_codes: tuple[str, ...] = ()
    taxonomy_names: tuple[str, ...] = ()
    #: Everything worth matching needs against: names, description, taxonomy
    #: names, eligibility text.  Lower-casing and tokenizing happen later.
    text: str = ""

    # -- display (used only for the k results shown) -----------------------------
    phones: tuple[dict[str, Any], ...] = ()   # {"number", "type", "description", "languages"}
    url: str | None = None
    email: str | None = None
    application_process: str | None = None
    hours: str | None = None                  # human-readable hours summary
    transportation: str | None = None
    fees: str | None = None
    eligibility: str | None = None
    required_documents: tuple[str, ...] = ()
    wait_time: str | None = None
    alert: str | None = None

    # -- provenance -------------------------------------------------------------
    source_file: str | None = None
    source_row: int | None = None

    # -- added after index format 1 was first written (kept last, with defaults, so
    #    records saved before them still decode) -----------------------------------
    #: The area the record states but the gazetteer does not know ("East of the
    #: Jones Falls", "our catchment area"); None when the area is known or not
    #: stated.  Such an offering stays eligible but ranks after offerings known to
    #: serve the family's place, with a "check the service area" warning.
    area_unknown: str | None = None
    #: How the location was placed when the record has no coordinates: "zip" (the
    #: ZIP's centroid) or "city" (the city's); None when the record's own
    #: coordinates are used or there are none.
    placed_by: str | None = None
    #: What limits the language help the record names ("on Fridays", "for tax
    #: assistance", "at some locations", "limited"; see
    #: :func:`pfmatch._languages.language_scope`); None when unqualified.  Reasons
    #: carry it ("Spanish spoken on Fridays only").
    language_scope: str | None = None

    def attr(self, name: str) -> Tri:
        """The value of a three-valued attribute (UNKNOWN when not set)."""
        return self.attributes.get(name, UNKNOWN)
