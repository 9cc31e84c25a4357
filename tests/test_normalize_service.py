"""normalize_service on hand-built HSDS 3.0 service dicts."""

from __future__ import annotations

from typing import Any

from pfmatch._offering import ATTRIBUTES, NO, UNKNOWN, YES
from pfmatch._report import LoadReport
from pfmatch.normalize import normalize_service, normalize_services


def _loc(lid: str, *, lt: str = "physical", zip5: str = "90011", **extra: Any) -> dict[str, Any]:
    loc = {"id": lid, "location_type": lt, "latitude": 34.0, "longitude": -118.25,
           "addresses": [{"address_1": "1 Main St", "city": "Los Angeles",
                          "state_province": "CA", "postal_code": zip5, "country": "US",
                          "address_type": "physical"}]}
    loc.update(extra)
    return loc


def _service(**extra: Any) -> dict[str, Any]:
    s: dict[str, Any] = {
        "id": "s1", "name": "Family Center", "status": "active",
        "description": "Parenting classes. Child care provided.",
        "organization": {"id": "o1", "name": "Helpers"},
        "service_at_locations": [{"id": "sal1", "location": _loc("l1")}],
        "_source": {"file": "services.json", "row": 3},
    }
    s.update(extra)
    return s


def test_one_offering_per_physical_location_and_all_fields() -> None:
    svc = _service(service_at_locations=[{"location": _loc("l1")}, {"location": _loc("l2")},
                                         {"location": _loc("v1", lt="virtual")}])
    offs = normalize_service(svc, LoadReport())
    assert [o.location_id for o in offs] == ["l1", "l2"]
    o = offs[0]
    assert set(o.attributes) == set(ATTRIBUTES)
    assert o.organization_name == "Helpers"
    assert o.address == "1 Main St, Los Angeles, CA 90011"
    assert (o.postal_code, o.city, o.state) == ("90011", "Los Angeles", "CA")
    assert o.attr("in_person") == YES
    assert o.attr("childcare_onsite") == YES
    assert o.source_file == "services.json" and o.source_row == 3
    assert "Family Center" in o.text


def test_remote_offering() -> None:
    svc = _service(service_at_locations=[{"location": {"id": "v1", "location_type": "virtual",
                                                      "url": "https://x.org"}}],
                   phones=[{"number": "555-1234", "type": "text"}])
    (o,) = normalize_service(svc, LoadReport())
    assert o.remote and o.location_id == "v1" and o.latitude is None
    assert o.attr("in_person") == NO
    assert o.attr("virtual") == YES
    assert o.attr("text_intake") == YES
    (o2,) = normalize_service(_service(service_at_locations=[]), LoadReport())
    assert o2.remote and o2.location_id is None


def test_languages_union_english_rule_and_interpretation() -> None:
    loc = _loc("l1", languages=[{"name": "Spanish, Tagalog"}],
               phones=[{"number": "1", "languages": [{"code": "ko"}]}])
    svc = _service(service_at_locations=[{"location": loc}],
                   languages=[{"name": "Language Line."}])
    (o,) = normalize_service(svc, LoadReport())
    assert o.languages == ("en", "es", "tl", "ko")
    assert o.languages_known
    assert o.attr("interpretation") == YES
    (o2,) = normalize_service(_service(languages=[{"name": "Spanish only"}]), LoadReport())
    assert o2.languages == ("es",)
    (o3,) = normalize_service(_service(), LoadReport())
    assert o3.languages == () and not o3.languages_known


def test_ages_income_fees_status() -> None:
    rep = LoadReport()
    svc = _service(eligibility_description="Families with children ages 0-5 at or below 200% FPL",
                   fees_description="Free", status="temporarily_closed")
    (o,) = normalize_service(svc, rep)
    assert (o.min_age_years, o.max_age_years) == (0.0, 5.0)
    assert o.income_limit_fpl == 200.0
    assert o.attr("free") == YES
    assert o.status == "temporarily closed"
    (o2,) = normalize_service(_service(minimum_age=0.5, maximum_age=3,
                                       attributes=[{"link_type": "eligibility",
                                                    "value": "adult"}]), rep)
    assert (o2.min_age_years, o2.max_age_years) == (0.5, 3.0)
    (o3,) = normalize_service(_service(attributes=[{"link_type": "eligibility",
                                                    "value": "child"}]), rep)
    assert (o3.min_age_years, o3.max_age_years) == (0.0, 17.0)
    (o4,) = normalize_service(_service(status="zombie"), rep)
    assert o4.status == "active"
    assert any("status" in p.reason and p.row == 3 for p in rep.repaired)


def test_service_areas_and_repairs() -> None:
    rep = LoadReport()
    svc = _service(service_areas=[{"name": "Los Angeles County"}, {"name": "statewide"},
                                  {"name": "Gotham area residents"}])
    (o,) = normalize_service(svc, rep)
    assert o.service_area == ("county:los angeles|ca", "state:ca")
    assert any("Gotham" in p.reason for p in rep.repaired)
    rep2 = LoadReport()
    remote = _service(service_at_locations=[], service_areas=[{"name": "statewide"}])
    (r,) = normalize_service(remote, rep2)
    assert r.service_area == ()
    assert any("statewide" in p.reason for p in rep2.repaired)


def test_taxonomy_and_keywords() -> None:
    svc = _service(attributes=[
        {"taxonomy_term": {"code": "BD-1800.2000", "name": "Food Pantries", "taxonomy": "AIRS"}},
        {"taxonomy_term": {"id": "101-02-01", "name": "Help Pay for Food"}},
        {"taxonomy_term": {"name": "groceries", "taxonomy": "keywords"}}])
    (o,) = normalize_service(svc, LoadReport())
    assert o.taxonomy_codes == ("BD-1800.2000", "101-02-01")
    assert o.taxonomy_names == ("Food Pantries", "Help Pay for Food")
    assert "groceries" in o.text and "Food Pantries" in o.text


def test_modes_access_hours() -> None:
    loc = _loc("l1", accessibility=[{"description": "wheelchair"}, {"description": "tty"}],
               transportation="Metro bus 40 stops in front")
    svc = _service(service_at_locations=[{"location": loc}],
                   application_process="Walk-ins welcome. Bring ID.",
                   schedules=[{"byday": "MO,WE", "opens_at": "09:00", "closes_at": "19:00"}],
                   wait_time="No wait.")
    (o,) = normalize_service(svc, LoadReport())
    assert o.attr("walk_in") == YES and o.attr("appointment_required") == NO
    assert o.attr("wheelchair") == YES and o.attr("tty") == YES
    assert o.attr("transit") == YES and o.transportation == "Metro bus 40 stops in front"
    assert o.attr("evening") == YES and o.attr("weekend") == NO
    assert o.hours == "Mon 09:00-19:00; Wed 09:00-19:00"
    assert o.attr("waitlist") == NO
    assert o.attr("documents_required") == YES
    assert o.attr("asl") == UNKNOWN


def test_confidential_locations() -> None:
    rep = LoadReport()
    red = _service(service_at_locations=[{"location": _loc("l1", lt="redacted")}])
    (o,) = normalize_service(red, rep)
    assert o.confidential and o.address is None
    assert (o.latitude, o.longitude) != (34.0, -118.25)
    assert o.latitude is not None  # the ZIP centroid
    text = _service(description="Emergency housing. Shelter location is confidential.")
    (o2,) = normalize_service(text, rep)
    assert o2.confidential and o2.address is None
    dv = _service(name="Domestic Violence Shelter", description="Beds for survivors.")
    (o3,) = normalize_service(dv, rep)
    assert o3.confidential and o3.address is None
    nozip = _service(service_at_locations=[{"location": {"id": "l9", "location_type": "redacted",
                                                        "latitude": 1.0, "longitude": 2.0}}])
    (o4,) = normalize_service(nozip, rep)
    assert (o4.latitude, o4.longitude) == (None, None)
    assert rep.repaired


def test_deterministic_and_counts() -> None:
    rep = LoadReport()
    svcs = [_service(id=f"s{i}") for i in range(5)]
    a = normalize_services(svcs, rep)
    b = normalize_services(svcs, LoadReport())
    assert a == b
    assert rep.counts["offerings"] == 5


def test_garbage_fields_do_not_crash() -> None:
    svc = {"id": 7, "name": None, "languages": "Spanish", "phones": [None, 3],
           "service_at_locations": [{"location": None}, "x"], "schedules": [{"byday": 5}],
           "cost_options": [{"amount": "abc"}], "minimum_age": "ten", "status": 3}
    offs = normalize_service(svc, LoadReport())
    assert len(offs) == 1
