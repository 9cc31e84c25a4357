"""Write the bundled synthetic Los Angeles County sample directory (HSDS 3.0 JSON).

Run from the repository root::

    .venv/bin/python tools/make_sample_directory.py [--out DIR] [--seed N]

The output (``data/providers/la-county/services.json`` by default) is a JSON
array of HSDS 3.0 *service* objects with their children embedded
(organization, service_at_locations[].location, phones, languages, schedules,
service_areas, attributes[].taxonomy_term, cost_options, required_documents),
one service per line so that diffs stay reviewable.

Everything is synthetic: organization names, addresses and phone numbers are
invented (phone numbers use the fictional 555-01xx range).  The only real
numbers are the public national lines: 988 (Suicide & Crisis Lifeline) and the
National Domestic Violence Hotline (1-800-799-7233, text 88788).  Locations sit
at real LA County ZIP centroids (offline data from the ``zipcodes`` package),
jittered by up to about 800 m.

The script is deterministic: a seeded :class:`random.Random`, ids from
:func:`uuid.uuid5` over a fixed namespace and counters, sorted keys.  Two runs
with the same seed write byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import zipcodes

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
NEEDS_TOML = REPO / "src" / "pfmatch" / "data" / "needs.toml"
DEFAULT_OUT = REPO / "data" / "providers" / "la-county"
NAMESPACE = uuid.UUID("6f1c2a4e-5b7d-4e8a-9c3f-0a1b2c3d4e5f")
DEFAULT_SEED = 20261101

Json = dict[str, Any]

# --------------------------------------------------------------------------
# Real public national lines (the only non-fictional numbers in the file).
REAL_NUMBERS = ("988", "1-800-799-7233", "88788")

# --------------------------------------------------------------------------
# Taxonomy names
OE_NAMES: dict[str, str] = {
    "1102": "Food", "1105": "Transit", "1110": "Work", "1111": "Legal",
    "1113": "Emergency Payments", "1114": "Help Pay for Food", "1116": "Help Pay for Housing",
    "1119": "Help Pay for Utilities", "1120": "Emergency Food", "1121": "Emergency Shelter",
    "1123": "Immediate Safety", "1124": "Help Escape Violence", "1125": "Safe Housing",
    "1126": "Psychiatric Emergency Services", "1128": "Emergency Food", "1129": "Food Delivery",
    "1130": "Food Pantry", "1131": "Free Meals", "1132": "Help Pay for Food",
    "1133": "Food Benefits", "1134": "Nutrition", "1135": "Emergency Shelter",
    "1136": "Help Find Housing", "1137": "Help Pay for Housing", "1138": "Help Pay for Utilities",
    "1140": "Housing Vouchers", "1141": "Maintenance & Repairs", "1142": "Housing Advice",
    "1145": "Residential Housing", "1155": "Baby Supplies", "1156": "Baby Clothes",
    "1157": "Diapers & Formula", "1158": "Clothing", "1163": "Home Goods", "1171": "Toys & Gifts",
    "1172": "Help Pay for Transit", "1173": "Bus Passes", "1174": "Help Pay for Gas",
    "1175": "Transportation", "1176": "Transportation for Healthcare",
    "1177": "Transportation for School", "1178": "Addiction & Recovery", "1179": "12-Step",
    "1180": "Detox", "1181": "Outpatient Treatment", "1182": "Residential Treatment",
    "1183": "Sober Living", "1184": "Dental Care", "1195": "Parenting Education",
    "1197": "Understand Disability", "1198": "Understand Mental Health",
    "1199": "Help Pay for Healthcare", "1202": "Health Insurance", "1206": "Medical Care",
    "1210": "Checkup & Test", "1211": "Disability Screening", "1214": "Mental Health Evaluation",
    "1217": "Maternity Care", "1219": "Prevent & Treat", "1220": "Counseling",
    "1231": "Psychiatric Emergency Services", "1232": "Financial Assistance",
    "1233": "Help Pay for Childcare", "1239": "Health Insurance", "1243": "Help Pay for Housing",
    "1244": "Help Pay for Utilities", "1256": "Government Benefits", "1258": "Food Benefits",
    "1267": "Insurance", "1268": "Health Insurance", "1280": "Childcare",
    "1281": "Help Find Childcare", "1282": "Help Pay for Childcare", "1284": "Preschool",
    "1286": "Relief for Caregivers", "1292": "Navigating the System", "1303": "Support Network",
    "1304": "Counseling", "1305": "Help Hotlines", "1306": "Home Visiting", "1308": "Mentoring",
    "1310": "Peer Support", "1311": "Spiritual Support", "1312": "Support Groups",
    "1315": "Parenting Education", "1316": "Virtual Support", "1323": "More Education",
    "1326": "English as a Second Language (ESL)", "1337": "Parenting Education",
    "1342": "Special Education", "1344": "Preschool", "1345": "Screening & Exams",
    "1349": "Skills & Training", "1357": "Help Find Work", "1365": "Skills & Training",
    "1375": "Advocacy & Legal Aid", "1381": "Citizenship & Immigration", "1389": "Representation",
}

#: 211HSIS-style example codes (from needs.toml / instruments.md section 5.2) and names.
HSIS_CODES: dict[str, list[tuple[str, str]]] = {
    "food": [("BD-1800", "Emergency Food"), ("BD-1800.2000", "Food Pantries"),
             ("BD-1800.2000-620", "Occasional Emergency Food Assistance"),
             ("BD-1800.2250", "Food Vouchers"), ("BD-5000", "Meals"),
             ("BD-2400", "Food Distribution")],
    "food_benefits": [("NL-6000.2000", "Food Stamps/SNAP")],
    "wic": [("NL-6000.9500", "WIC")],
    "shelter": [("BH-1800", "Emergency Shelter"), ("BH-1800.8500", "Homeless Shelter"),
                ("BH-8600", "Transitional Housing/Shelter"),
                ("BH-1800.8500-300", "Homeless Motel Vouchers")],
    "rent_assistance": [("BH-3800", "Housing Expense Assistance"),
                        ("BH-3800.7000", "Rent Payment Assistance"),
                        ("BH-3800.7250", "Rental Deposit Assistance"),
                        ("BH-0500", "At Risk/Homeless Housing Related Assistance Programs")],
    "housing_search": [("BH-3000", "Housing Search and Information"),
                       ("BH-7000", "Housing Counseling")],
    "utilities": [("BV-8900", "Utility Assistance"),
                  ("BV-8900.9300", "Utility Service Payment Assistance"),
                  ("BV-8900.9300-180", "Electric Service Payment Assistance"),
                  ("BV-8900.9300-950", "Water Service Payment Assistance")],
    "transportation": [("BT-8300", "Transportation Expense Assistance"),
                       ("BT-4500.6500", "Paratransit Programs"),
                       ("BT-4500.6500-500", "Non-Emergency Medical Transportation")],
    "baby_supplies": [("BD-1800.8200", "Specialized Food Providers"),
                      ("BD-1800.8200-250", "Formula/Baby Food"), ("BM-1000", "Baby Supplies")],
    "clothing_household": [("BM-6500", "Clothing"), ("BM-3000", "Household Goods")],
    "child_care": [("PH-1250", "Child Care Providers"), ("PH-1250.1400", "Child Care Centers"),
                   ("PH-2400.1500", "Child Care Provider Referrals"),
                   ("NL-3000.1500", "Child Care Expense Assistance")],
    "early_intervention": [("LR-1700", "Early Intervention for Children With Disabilities/Delays"),
                           ("LR-8000.8000", "Speech and Language Pathology"),
                           ("LR-8000", "Speech and Hearing")],
    "school_evaluation": [("HH-4500", "Special Education"),
                          ("HD-8000", "Educational Testing and Assessment")],
    "child_development": [("HD-1800", "Early Childhood Education"),
                          ("PS-6500", "Parent/Child Activity Groups")],
    "parenting_education": [("PH-6100", "Parenting Education"),
                            ("LJ-5000.1500", "Childbirth Education")],
    "home_visiting": [("PH-2360", "Family Based Services"),
                      ("PH-2360.2350", "Family Preservation Programs")],
    "support_groups": [("PN-8100", "Support Groups"),
                       ("PN-8100.6500", "Parenting/Family Support Groups"),
                       ("PN-8100.6500-650", "Parent Support Groups"),
                       ("PH-1400.5000", "Mentoring Programs")],
    "maternal_mental_health": [("LJ-5000.6500", "Postpartum Care"),
                               ("RP-1400.8000", "Specialized Counseling Services")],
    "mental_health": [("RP-1400", "Mental Health Evaluation and Treatment"),
                      ("RF-2000", "Family Counseling"), ("RD", "Counseling Approaches"),
                      ("RR", "Mental Health Support Services"),
                      ("RP-1400.8000", "Specialized Counseling Services")],
    "child_mental_health": [("RP-1400.8000-050", "Adolescent/Youth Counseling"),
                            ("RP-1400.8000-150", "Child Counseling")],
    "crisis_line": [("RP-1500", "Crisis Intervention"),
                    ("RP-1500.1400", "Crisis Intervention Hotlines/Helplines"),
                    ("RP-1500.1400-800", "Suicide Prevention Hotlines"),
                    ("RP-1500.3400-650", "Psychiatric Mobile Response Teams")],
    "domestic_violence": [("RP-1500.1400-200", "Domestic Violence Hotlines"),
                          ("BH-1800.1500-100", "Domestic Violence Shelters"),
                          ("FT-3000.1750", "Domestic/Family Violence Legal Services"),
                          ("PN-8100.0200-180", "Domestic Violence Support Groups")],
    "substance_use": [("RX", "Substance Use Disorder Services"),
                      ("RX-8450", "Substance Use Disorder Treatment Programs"),
                      ("RX-1700", "Detoxification"),
                      ("RX-8450.5000", "Medication Assisted Maintenance Treatment")],
    "health_care": [("LN", "Outpatient Health Facilities"), ("LT", "Specialized Treatment")],
    "prenatal_care": [("LJ-5000", "Mother and Infant Care"), ("LJ-2000", "Family Planning")],
    "health_insurance": [("LH-3500", "Health Insurance Information/Counseling")],
    "dental_care": [("LV", "Dental Care")],
    "case_management": [("PH-1000", "Case/Care Management"), ("PH-0700", "Benefits Screening")],
    "cash_assistance": [("NL-1000", "Cash Assistance Programs"),
                        ("NT", "Temporary Financial Assistance")],
    "legal_aid": [("FT", "Legal Services"), ("FP", "Legal Assistance Modalities")],
    "immigration_legal": [("FT-3200", "Immigration Legal Services")],
    "employment": [("ND", "Employment")],
    "adult_education": [("HH-0500", "Adult Basic Education"),
                        ("HL-1500", "English as a Second Language")],
    "respite_care": [("PH-7000", "Respite Care")],
}

#: Names for 211HSIS-style prefixes that have no curated code above.
HSIS_NAMES: dict[str, str] = {
    "BD-1875.2000": "Food Pantries", "BH-3700": "Housing Search and Information",
    "BM-6500.1500": "Clothing", "BM-6500.1500-100": "Baby Clothing",
    "BM-6500.1500-150": "Diapers", "BM-3000.2000-100": "Cribs and Baby Furniture",
    "HH-8000": "Special Education", "RP-5000": "Outpatient Mental Health Facilities",
    "RP-6400": "Psychiatric Medication Services", "RM": "Mental Health Facilities",
    "RF": "Counseling Settings", "LV-6800": "Pediatric Dental Care", "LH-3000": "Health Insurance",
    "NL-5000.5000": "Medi-Cal", "LV-1600": "General Dentistry", "FT-3600": "Immigration Law",
    "LN": "Outpatient Health Facilities", "LT": "Specialized Treatment",
}

#: Target number of services per need (before the fixed safety resources).
NEED_TARGETS: dict[str, int] = {
    "food": 210, "food_benefits": 55, "wic": 45, "shelter": 70, "rent_assistance": 80,
    "housing_search": 60, "utilities": 50, "transportation": 45, "baby_supplies": 60,
    "clothing_household": 50, "child_care": 75, "early_intervention": 45,
    "school_evaluation": 35, "child_development": 70, "parenting_education": 140,
    "home_visiting": 50, "support_groups": 95, "maternal_mental_health": 50,
    "mental_health": 140, "child_mental_health": 50, "crisis_line": 24,
    "domestic_violence": 45, "substance_use": 50, "health_care": 90, "prenatal_care": 50,
    "health_insurance": 50, "dental_care": 40, "case_management": 70, "cash_assistance": 40,
    "legal_aid": 45, "immigration_legal": 40, "employment": 55, "adult_education": 55,
    "respite_care": 30,
}

# --------------------------------------------------------------------------
# Per-need wording: service names, "what" sentences ({kw} = a need keyword),
# detail sentences, and access profile weights.
NEED_TEXT: dict[str, Json] = {
    "food": {
        "names": ["Food Pantry", "Emergency Food Distribution", "Weekly Grocery Distribution",
                  "Hot Meals Program", "Mobile Food Pantry", "Community Produce Market",
                  "Saturday Food Giveaway", "Senior and Family Food Box", "Community Kitchen"],
        "what": ["Operates a {kw} for individuals and families in the surrounding neighborhoods.",
                 "Provides {kw} including canned goods, rice, beans, bread and fresh fruit.",
                 "Offers {kw} once a week from the parking lot; bring your own bags.",
                 "Runs a drive-through {kw} with prepackaged boxes of shelf-stable food.",
                 "Serves {kw} and distributes pantry bags to families with children."],
        "detail": ["Distribution is first come, first served while supplies last.",
                   "Fresh produce is available most weeks through a partnership with a regional food bank.",
                   "Families may visit once per week.",
                   "Culturally familiar foods (masa, tortillas, rice, tofu) are offered when available.",
                   "Home delivery is available for homebound residents on request."],
        "profiles": {"walkin": 6, "appointment_phone": 1, "text": 1, "online": 1},
    },
    "food_benefits": {
        "names": ["CalFresh Application Assistance", "CalFresh Outreach", "SNAP/CalFresh Enrollment Help",
                  "Food Benefits Enrollment", "EBT Card Help Desk"],
        "what": ["Helps households apply for {kw} and renew their benefits.",
                 "Staff screen families for {kw} eligibility and submit applications on the same day.",
                 "Provides one-on-one help with {kw} applications, interviews and recertification."],
        "detail": ["Assistance with lost or stolen EBT cards and replacement benefits is also available.",
                   "Applications can be completed in about 30 minutes.",
                   "Immigrant families can ask about public charge; confidential information is provided."],
        "profiles": {"walkin": 3, "appointment_phone": 3, "online": 2, "phone_only": 1},
    },
    "wic": {
        "names": ["WIC Program", "WIC Nutrition Center", "WIC Clinic", "WIC Enrollment and Nutrition Education"],
        "what": ["Provides {kw} and healthy food benefits for pregnant women, new mothers, infants and children under 5.",
                 "The WIC program offers {kw}, checks for healthy foods and referrals to health care.",
                 "Offers {kw} for families enrolled in WIC, plus lactation consultants and breast pumps."],
        "detail": ["Working families and families who receive Medi-Cal usually qualify.",
                   "Benefits are loaded onto a WIC card that can be used at most grocery stores.",
                   "Fathers, grandparents and foster parents may apply for children in their care."],
        "profiles": {"appointment_phone": 5, "walkin": 2, "online": 1},
    },
    "shelter": {
        "names": ["Emergency Shelter for Families", "Family Bridge Housing", "Interim Housing Program",
                  "Winter Shelter", "Transitional Housing for Families", "Motel Voucher Program",
                  "Family Shelter"],
        "what": ["Provides {kw} for families with children, including meals, showers and case management.",
                 "Offers {kw} beds for parents and children experiencing homelessness.",
                 "Operates {kw} with private family rooms and help finding permanent housing.",
                 "Issues {kw} for families who are homeless and waiting for a shelter bed."],
        "detail": ["Stays are up to 90 days while families work on a housing plan.",
                   "Residents receive three meals a day and access to laundry.",
                   "Intake is coordinated through the regional homeless services access center.",
                   "Beds are limited; call each morning to check availability."],
        "profiles": {"appointment_phone": 3, "phone_only": 3, "referral": 2, "walkin": 1},
    },
    "rent_assistance": {
        "names": ["Emergency Rental Assistance", "Eviction Prevention Program", "Homeless Prevention Fund",
                  "Move-In Assistance", "Rent Relief Program", "Housing Stability Fund"],
        "what": ["Provides one-time {kw} to prevent eviction for families who have fallen behind.",
                 "Offers {kw} and help with a security deposit for families moving into a new unit.",
                 "Helps tenants with {kw}, back rent and mediation with landlords.",
                 "Administers {kw} for households at risk of losing their housing."],
        "detail": ["Payments are made directly to the landlord.",
                   "Households must show a recent hardship such as job loss or medical bills.",
                   "Funding is limited and is released in rounds; check the website for open dates.",
                   "Applicants with a 3-day notice or unlawful detainer are prioritized."],
        "profiles": {"online": 3, "appointment_phone": 3, "phone_only": 2, "walkin": 1},
    },
    "housing_search": {
        "names": ["Housing Navigation", "Affordable Housing Search Assistance", "Tenant Rights Clinic",
                  "Housing Counseling", "Home Repair Program", "Rapid Re-Housing Navigation"],
        "what": ["Offers {kw} for families looking for an apartment they can afford.",
                 "Provides {kw} and lists of {kw2} openings across the county.",
                 "Holds workshops on {kw} and helps renters complete housing applications."],
        "detail": ["Navigators help with credit reports, rental applications and landlord outreach.",
                   "Monthly workshops cover applying for affordable units and waiting lists.",
                   "Minor health and safety repairs are available for low-income homeowners."],
        "profiles": {"appointment_phone": 4, "walkin": 2, "online": 2},
    },
    "utilities": {
        "names": ["Utility Assistance Program", "Energy Bill Assistance (LIHEAP)", "Water Bill Help",
                  "Utility Shut-Off Prevention", "Home Energy Assistance"],
        "what": ["Provides {kw} once a year for low-income households.",
                 "Helps families pay an overdue {kw} and avoid disconnection.",
                 "Offers {kw} to households with a {kw2}."],
        "detail": ["Bring your most recent bill and proof of household income.",
                   "Priority is given to households with young children, seniors or a disability.",
                   "Weatherization and energy-saving repairs may also be available."],
        "profiles": {"online": 3, "appointment_phone": 3, "walkin": 2},
    },
    "transportation": {
        "names": ["Transit Pass Program", "Medical Transportation", "Rides to Appointments",
                  "Bus Pass Assistance", "Access Paratransit Enrollment Help", "Gas Card Assistance"],
        "what": ["Provides {kw} to clients who need to get to work, school or medical visits.",
                 "Offers {kw} for Medi-Cal members with a scheduled appointment.",
                 "Distributes free {kw} and reduced-fare TAP enrollment help."],
        "detail": ["Rides must be scheduled at least two business days in advance.",
                   "Car seats are available for children on request.",
                   "A limited number of passes are available each month."],
        "profiles": {"phone_only": 3, "appointment_phone": 2, "walkin": 2, "online": 1},
    },
    "baby_supplies": {
        "names": ["Diaper Bank", "Baby Closet", "Diaper and Formula Distribution", "Baby Essentials Program",
                  "Car Seat Safety Program", "Newborn Layette Program"],
        "what": ["Distributes {kw} to families with infants and toddlers.",
                 "Operates a {kw} where parents can pick up {kw2} each month.",
                 "Provides free {kw} and {kw2} for babies up to age 3."],
        "detail": ["Families may receive one pack of diapers per child each month.",
                   "Car seat safety checks are offered by appointment.",
                   "Gently used cribs, strollers and baby clothes are donated by the community."],
        "profiles": {"walkin": 5, "appointment_phone": 2, "text": 1},
    },
    "clothing_household": {
        "names": ["Clothing Closet", "Free Clothing and Household Goods", "Furniture Bank",
                  "Back-to-School Uniform Drive", "Holiday Toy Giveaway", "Thrift Voucher Program"],
        "what": ["Operates a {kw} with free clothing for adults and children.",
                 "Provides {kw} and {kw2} to families setting up a new home.",
                 "Offers {kw} such as bedding, kitchen items and {kw2}."],
        "detail": ["Families may shop once a month.",
                   "Furniture pick-up must be arranged by the family.",
                   "Seasonal toy and coat drives are held in November and December."],
        "profiles": {"walkin": 5, "appointment_phone": 2, "referral": 1},
    },
    "child_care": {
        "names": ["Child Care Resource and Referral", "Subsidized Child Care", "Child Care Center",
                  "Family Child Care Network", "After School Program", "Child Care Payment Program"],
        "what": ["Provides {kw} for children ages 0-12 and help finding licensed providers.",
                 "Operates a licensed {kw} center for infants, toddlers and preschoolers.",
                 "Offers {kw} and help paying for care for working parents and parents in school.",
                 "Runs {kw} for school-age children with homework help and recreation."],
        "detail": ["Subsidized slots are available for families who qualify by income.",
                   "Parents receive a list of licensed providers that match their schedule.",
                   "Care is available early mornings and evenings for parents who work shifts.",
                   "Nutritious meals and snacks are included."],
        "profiles": {"appointment_phone": 3, "online": 2, "walkin": 1, "phone_only": 1},
    },
    "early_intervention": {
        "names": ["Early Start Intake", "Early Intervention Services", "Infant Development Program",
                  "Developmental Evaluation Clinic", "Early Start Speech and Feeding Therapy"],
        "what": ["Provides {kw} for infants and toddlers under 3 with a {kw2} or risk of delay.",
                 "The {kw} program evaluates children birth to 3 and develops an individualized family service plan.",
                 "Offers {kw} and {kw2} in the home or at the center for children under 3."],
        "detail": ["Parents, doctors or anyone concerned about a child's development can make a referral.",
                   "An evaluation is completed within 45 days of referral.",
                   "Services are provided in natural environments such as the family home.",
                   "Services are part of the federal IDEA Part C program."],
        "profiles": {"referral": 3, "phone_only": 3, "appointment_phone": 2},
    },
    "school_evaluation": {
        "names": ["Child Find and Preschool Assessment", "Special Education Assessment",
                  "Preschool Special Education Intake", "Parent Advocacy for IEPs"],
        "what": ["The school district provides {kw} for children ages 3 and older who may need special education.",
                 "Offers free {kw} and help requesting an {kw2} evaluation.",
                 "Coordinates {kw} for preschool-age children transitioning from Early Start."],
        "detail": ["Parents can request an assessment in writing at any time.",
                   "The district has 15 days to respond with an assessment plan.",
                   "Parent advocates can attend IEP meetings with families."],
        "profiles": {"appointment_phone": 3, "referral": 2, "walkin": 1},
    },
    "child_development": {
        "names": ["Head Start Preschool", "Early Head Start", "State Preschool Program",
                  "Parent and Me Playgroup", "Library Story Time", "School Readiness Program",
                  "Developmental Screening Days"],
        "what": ["Offers {kw} for children ages 3 to 5 with a focus on school readiness.",
                 "Hosts weekly {kw} and {kw2} for parents and young children.",
                 "Provides free {kw} using the ASQ-3, plus early learning activities for families.",
                 "Operates a {kw} program that includes health, nutrition and family services."],
        "detail": ["Children must be potty training or ready to start.",
                   "Programs run part day and full day.",
                   "Bilingual teachers support dual language learners.",
                   "Parents are encouraged to volunteer in the classroom."],
        "profiles": {"walkin": 3, "appointment_phone": 3, "online": 1},
    },
    "parenting_education": {
        "names": ["Parenting Classes", "Positive Parenting Program", "Nurturing Parenting Series",
                  "Childbirth and Newborn Care Classes", "Co-Parenting Workshop", "Fatherhood Program",
                  "Parent Education Workshops", "Triple P Seminars"],
        "what": ["Offers {kw} for parents of children 0-17 in a supportive group setting.",
                 "Teaches {kw} skills such as routines, praise and calm discipline.",
                 "Provides a 10-week {kw} series; certificates are issued on completion.",
                 "Hosts {kw} on newborn care, feeding and safe sleep."],
        "detail": ["Classes meet for two hours once a week.",
                   "Court-ordered parents are welcome; certificates are accepted by DCFS.",
                   "Free child care is provided during classes.",
                   "Classes are offered in English and Spanish in alternating sessions."],
        "profiles": {"walkin": 2, "appointment_phone": 3, "online": 2, "virtual": 2},
    },
    "home_visiting": {
        "names": ["Nurse Home Visiting", "Healthy Families Home Visiting", "Parents as Teachers",
                  "Welcome Baby Home Visits", "Family Connects Newborn Visits", "Early Head Start Home-Based Option"],
        "what": ["Provides {kw} for first-time parents from pregnancy until the child turns 2.",
                 "A trained home visitor makes {kw} to support parenting, child development and health.",
                 "The {kw} program pairs families with a parent educator who visits every other week."],
        "detail": ["Visits happen in the family's home; the office does not accept walk-ins.",
                   "Home visitors help families set goals and connect to community resources.",
                   "Developmental screenings are completed at regular intervals.",
                   "Visits can also be held by video when needed."],
        "profiles": {"home_visit": 1},
    },
    "support_groups": {
        "names": ["Parent Support Group", "Mom's Group", "Dads Group", "Parent Cafe", "Peer Mentoring",
                  "Grandparents Raising Grandchildren Group", "Family Resource Center Drop-In",
                  "Online Parent Community"],
        "what": ["Hosts a weekly {kw} where parents share experiences and support each other.",
                 "Offers {kw} and {kw2} for parents of young children.",
                 "The {kw} brings caregivers together for conversation, snacks and activities for kids."],
        "detail": ["Children are welcome; activities are provided in the next room.",
                   "Meetings are facilitated by trained parent leaders.",
                   "New members can join at any time.",
                   "Meetings are confidential."],
        "profiles": {"walkin": 4, "virtual": 2, "appointment_phone": 1},
    },
    "maternal_mental_health": {
        "names": ["Maternal Mental Health Program", "Postpartum Depression Support", "Perinatal Counseling",
                  "New Moms Support Group", "Perinatal Mood Clinic"],
        "what": ["Provides counseling for {kw} during pregnancy and the first year after birth.",
                 "Offers {kw} groups and individual therapy for {kw2}.",
                 "Specialized clinic for {kw} and anxiety in pregnant and postpartum parents."],
        "detail": ["Babies are welcome at sessions.",
                   "Psychiatric medication consultation is available for pregnant and breastfeeding parents.",
                   "Sessions are available in person or by video."],
        "profiles": {"appointment_phone": 3, "virtual": 2, "referral": 1, "walkin": 1},
    },
    "mental_health": {
        "names": ["Outpatient Mental Health Services", "Individual and Family Counseling",
                  "Community Counseling Center", "Behavioral Health Clinic", "Stress and Wellness Program",
                  "Adult Mental Health Services", "Telehealth Therapy"],
        "what": ["Provides {kw} and case management for adults and families.",
                 "Offers short-term {kw} for individuals, couples and families.",
                 "Licensed clinicians provide {kw} for {kw2} and trauma.",
                 "Community clinic offering {kw} and medication support."],
        "detail": ["Services are provided by licensed and associate clinicians under supervision.",
                   "Evening appointments are available.",
                   "Medi-Cal members are seen at no cost.",
                   "Telehealth sessions are available for existing clients."],
        "profiles": {"appointment_phone": 4, "phone_only": 2, "virtual": 2, "walkin": 1, "referral": 1},
    },
    "child_mental_health": {
        "names": ["Early Childhood Mental Health", "Child and Family Therapy", "Parent-Child Interaction Therapy",
                  "Infant and Early Childhood Mental Health Program", "Play Therapy Program"],
        "what": ["Offers {kw} for children 0-5 and their caregivers.",
                 "Provides {kw} and {kw2} for young children with challenging behavior.",
                 "Specialized {kw} services including dyadic work with parents and toddlers."],
        "detail": ["Therapists coach parents live during sessions.",
                   "Services can take place at home, at preschool or in the clinic.",
                   "A developmental and social-emotional assessment is done at intake."],
        "profiles": {"appointment_phone": 3, "referral": 2, "phone_only": 1},
    },
    "crisis_line": {
        "names": ["Psychiatric Urgent Care Center", "Mobile Crisis Team", "Warmline", "Crisis Stabilization Unit",
                  "Youth Crisis Line"],
        "what": ["Provides {kw} and immediate support for people in a mental health crisis.",
                 "A {kw} team responds to homes and community settings across the service area.",
                 "Offers {kw} and short-term stabilization for adults and youth."],
        "detail": ["Open 24 hours a day, 7 days a week.", "No appointment is needed.",
                   "If you are in immediate danger, call 911."],
        "profiles": {"hotline": 3, "walkin": 1},
    },
    "domestic_violence": {
        "names": ["Domestic Violence Services", "Survivor Advocacy Program", "DV Legal Clinic",
                  "Domestic Violence Support Group", "Restraining Order Assistance"],
        "what": ["Provides {kw} services including {kw2}, counseling and advocacy.",
                 "Offers support to survivors of {kw}, including help with a {kw2}.",
                 "Confidential {kw} support groups for survivors and their children."],
        "detail": ["All services are free and confidential.",
                   "Advocates can accompany survivors to court.",
                   "Services are available regardless of immigration status."],
        "profiles": {"phone_only": 3, "appointment_phone": 2, "walkin": 1},
    },
    "substance_use": {
        "names": ["Outpatient Substance Use Treatment", "Recovery Support Services", "Detox Program",
                  "Medication-Assisted Treatment", "Perinatal Substance Use Program", "Sober Living Referral"],
        "what": ["Provides outpatient {kw} for adults and pregnant or parenting women.",
                 "Offers {kw} for {kw2} use, including counseling and medication.",
                 "Residential and outpatient {kw} services with family involvement."],
        "detail": ["Same-day assessments are available on weekdays.",
                   "Children may stay with their mothers in the perinatal residential program.",
                   "Buprenorphine and naloxone are available on site."],
        "profiles": {"walkin": 2, "appointment_phone": 2, "phone_only": 2, "referral": 1},
    },
    "health_care": {
        "names": ["Community Health Center", "Pediatric Clinic", "Family Medicine", "Urgent Care Clinic",
                  "Free Clinic", "School-Based Health Center", "Mobile Health Van"],
        "what": ["Provides {kw} for children and adults, including {kw2}.",
                 "A {kw} offering sick visits, well child exams and chronic disease care.",
                 "Offers {kw} and {kw2} regardless of ability to pay."],
        "detail": ["Same-day appointments are available for sick visits.",
                   "Uninsured patients are seen on a sliding fee scale.",
                   "On-site pharmacy and lab services."],
        "profiles": {"appointment_phone": 4, "walkin": 2, "online": 1},
    },
    "prenatal_care": {
        "names": ["Prenatal Care Clinic", "Comprehensive Perinatal Services", "Doula Program",
                  "Midwifery Care", "Lactation Support Clinic"],
        "what": ["Provides {kw} from the first visit through the postpartum checkup.",
                 "Offers {kw} and {kw2} services for pregnant people.",
                 "Community {kw} program with childbirth preparation and breastfeeding help."],
        "detail": ["Presumptive Medi-Cal can be started the same day for pregnant patients.",
                   "Nutrition and health education are included in each visit.",
                   "Postpartum visits include depression screening."],
        "profiles": {"appointment_phone": 4, "walkin": 1, "referral": 1},
    },
    "health_insurance": {
        "names": ["Medi-Cal Enrollment Assistance", "Health Insurance Enrollment", "Covered California Navigators",
                  "Health Coverage Help Desk"],
        "what": ["Helps families enroll in {kw} and other low-cost coverage.",
                 "Certified enrollers assist with {kw} and {kw2} applications.",
                 "Offers free {kw} and help keeping coverage at renewal."],
        "detail": ["Bring proof of income and identification if available.",
                   "Children are eligible for full-scope Medi-Cal regardless of immigration status.",
                   "Phone appointments are available."],
        "profiles": {"appointment_phone": 3, "walkin": 2, "online": 2, "phone_only": 1},
    },
    "dental_care": {
        "names": ["Dental Clinic", "Children's Dental Program", "Mobile Dental Van", "Community Dental Services"],
        "what": ["Provides {kw} for children and adults, including exams, fillings and extractions.",
                 "A {kw} offering {kw2}, fluoride varnish and sealants.",
                 "Low-cost {kw} services with Medi-Cal Dental accepted."],
        "detail": ["Emergency dental visits are available on a limited basis.",
                   "Children's first dental visit is recommended by age 1.",
                   "Appointments fill quickly; call early in the month."],
        "profiles": {"appointment_phone": 5, "walkin": 1},
    },
    "case_management": {
        "names": ["Family Case Management", "Benefits Navigation", "Family Resource Center Services",
                  "Care Coordination Program", "Benefits Screening Clinic"],
        "what": ["Provides {kw} to help families reach goals for housing, income and health.",
                 "Offers {kw}, {kw2} and referrals to community resources.",
                 "A {kw} helps families apply for CalFresh, Medi-Cal, WIC and CalWORKs in one visit."],
        "detail": ["Case managers meet with families in the office or in the community.",
                   "Families receive a written plan with next steps.",
                   "Services are voluntary and confidential."],
        "profiles": {"walkin": 3, "appointment_phone": 3, "phone_only": 1},
    },
    "cash_assistance": {
        "names": ["CalWORKs", "General Relief", "Emergency Financial Assistance", "Family Emergency Fund",
                  "Guaranteed Income Pilot"],
        "what": ["Provides {kw} for families with children who have low income.",
                 "Offers one-time {kw} for a family emergency such as a car repair or funeral.",
                 "Administers {kw} and employment services for eligible families."],
        "detail": ["Applicants must complete an interview.",
                   "Funds are limited and awarded on a first come, first served basis.",
                   "Payments may be made directly to a vendor."],
        "profiles": {"walkin": 2, "online": 2, "appointment_phone": 2, "phone_only": 1},
    },
    "legal_aid": {
        "names": ["Legal Aid Clinic", "Eviction Defense Program", "Family Law Clinic", "Self-Help Legal Center",
                  "Consumer and Debt Legal Help"],
        "what": ["Provides free {kw} for low-income residents in housing, family and public benefits cases.",
                 "Offers {kw} and {kw2} for tenants facing eviction.",
                 "An {kw} helps with divorce, {kw2} and child support paperwork."],
        "detail": ["Clients are screened for eligibility before an appointment is scheduled.",
                   "Workshops are held at the courthouse self-help center.",
                   "Services are limited to residents of the service area."],
        "profiles": {"phone_only": 2, "appointment_phone": 2, "online": 2, "walkin": 1},
    },
    "immigration_legal": {
        "names": ["Immigration Legal Services", "Citizenship Workshop", "DACA Renewal Clinic",
                  "Know Your Rights Presentations", "Asylum Legal Help"],
        "what": ["Provides low-cost {kw} legal consultations and representation.",
                 "Offers help with {kw}, {kw2} and family petitions.",
                 "Hosts free {kw} workshops with DOJ-accredited representatives."],
        "detail": ["Consultations are confidential.",
                   "Fee waivers are prepared for eligible applicants.",
                   "Beware of notario fraud; staff are accredited."],
        "profiles": {"appointment_phone": 3, "walkin": 2, "online": 1},
    },
    "employment": {
        "names": ["Job Center", "Workforce Development Program", "Job Training for Parents",
                  "Youth Employment Program", "Career Pathways"],
        "what": ["Offers {kw}, {kw2} and interview preparation.",
                 "Provides {kw} in healthcare, logistics and construction trades.",
                 "A {kw} center with computers, job listings and career counselors."],
        "detail": ["Supportive services such as bus passes and work clothing are available.",
                   "Training is paid for eligible participants.",
                   "Orientation sessions are held every Tuesday."],
        "profiles": {"walkin": 3, "online": 2, "appointment_phone": 2},
    },
    "adult_education": {
        "names": ["English Classes (ESL)", "Adult School", "GED Preparation", "Family Literacy Program",
                  "High School Diploma Program", "Computer Literacy Classes"],
        "what": ["Offers free {kw} for adults at beginning through advanced levels.",
                 "Provides {kw} and {kw2} classes in the morning and evening.",
                 "A {kw} program where parents learn together with their young children."],
        "detail": ["Registration takes place during the first week of each term.",
                   "Child care is available for children of students during class.",
                   "Online classes are available."],
        "profiles": {"walkin": 3, "online": 2, "appointment_phone": 1, "virtual": 1},
    },
    "respite_care": {
        "names": ["Respite Care Program", "Crisis Nursery", "Caregiver Respite Services",
                  "Parents' Night Out"],
        "what": ["Provides {kw} so parents and caregivers can take a break.",
                 "A {kw} offering short-term care for children 0-5 during a family crisis.",
                 "Offers in-home {kw} for families of children with developmental disabilities."],
        "detail": ["Care is provided by trained and background-checked staff.",
                   "Hours are authorized based on an assessment.",
                   "Children can stay up to 72 hours in the crisis nursery."],
        "profiles": {"phone_only": 2, "referral": 2, "appointment_phone": 1},
    },
}

# --------------------------------------------------------------------------
# Organization types: name patterns and the needs they may offer.
ORG_TYPES: dict[str, Json] = {
    "frc": {"share": 70, "patterns": ["{place} Family Resource Center", "{adj} Family Center",
                                      "{place} Family Source Center", "{adj} Children and Families Center"],
            "needs": ["food", "baby_supplies", "clothing_household", "parenting_education",
                      "support_groups", "case_management", "child_development", "food_benefits",
                      "health_insurance", "utilities", "rent_assistance", "transportation",
                      "adult_education", "home_visiting", "respite_care"]},
    "nonprofit": {"share": 110, "patterns": ["{adj} Community Services", "{place} Community Action Partnership",
                                             "{adj} Neighborhood Alliance", "{place} Community Council",
                                             "{adj} Family Services"],
                  "needs": ["food", "food_benefits", "utilities", "rent_assistance", "cash_assistance",
                            "case_management", "employment", "transportation", "housing_search",
                            "clothing_household", "baby_supplies", "adult_education", "immigration_legal"]},
    "foodbank": {"share": 45, "patterns": ["{place} Food Bank", "{adj} Pantry Network", "{place} Community Pantry",
                                           "{adj} Harvest Collective"],
                 "needs": ["food", "food_benefits", "baby_supplies"]},
    "clinic": {"share": 70, "patterns": ["{adj} Community Health Center", "{place} Community Clinic",
                                         "{adj} Health", "{place} Family Health Center"],
               "needs": ["health_care", "dental_care", "prenatal_care", "health_insurance", "mental_health",
                         "maternal_mental_health", "wic", "substance_use", "transportation", "food_benefits"]},
    "county": {"share": 40, "patterns": ["County Health and Human Services - {place} Office",
                                         "County Community Services Center - {place}",
                                         "County Family Services Hub - {place}",
                                         "County Service Center - {place}"],
               "needs": ["food_benefits", "cash_assistance", "health_insurance", "mental_health",
                         "child_mental_health", "wic", "health_care", "employment", "case_management",
                         "crisis_line", "substance_use", "prenatal_care", "home_visiting", "dental_care"]},
    "mh_agency": {"share": 55, "patterns": ["{adj} Counseling Center", "{adj} Behavioral Health",
                                            "{place} Child Guidance Clinic", "{adj} Wellness Center"],
                  "needs": ["mental_health", "child_mental_health", "maternal_mental_health", "crisis_line",
                            "substance_use", "support_groups", "parenting_education"]},
    "school": {"share": 45, "patterns": ["{place} Unified School District", "{place} Adult School",
                                         "{place} Elementary Parent Center", "{place} Early Education Center"],
               "needs": ["school_evaluation", "child_development", "child_care", "adult_education",
                         "parenting_education", "food", "support_groups", "early_intervention"]},
    "faith": {"share": 60, "patterns": ["{saint} Church Outreach", "Iglesia {iglesia}", "{place} Interfaith Council",
                                        "{saint} Parish Social Ministry", "{place} Community Church"],
              "needs": ["food", "clothing_household", "support_groups", "shelter", "baby_supplies",
                        "adult_education", "immigration_legal", "parenting_education"]},
    "legal": {"share": 20, "patterns": ["{adj} Legal Aid", "{place} Legal Services", "{adj} Law Center",
                                        "{adj} Immigrant Rights Project"],
              "needs": ["legal_aid", "immigration_legal", "rent_assistance", "domestic_violence"]},
    "dv": {"share": 18, "patterns": ["{adj} House", "{adj} Domestic Violence Center", "{place} Safe Haven",
                                     "{adj} Survivor Network"],
           "needs": ["domestic_violence", "shelter", "support_groups", "legal_aid", "mental_health"]},
    "early": {"share": 30, "patterns": ["{place} Regional Center", "{adj} Early Childhood Partners",
                                        "{adj} Infant Development Association", "{place} Child Development Institute"],
              "needs": ["early_intervention", "child_development", "home_visiting", "respite_care",
                        "child_mental_health", "parenting_education", "school_evaluation"]},
    "housing": {"share": 35, "patterns": ["{adj} Housing Partners", "{place} Homeless Services",
                                          "{adj} Home Project", "{place} Housing Rights Center"],
                "needs": ["shelter", "housing_search", "rent_assistance", "case_management", "utilities"]},
    "workforce": {"share": 20, "patterns": ["{place} WorkSource Center", "{adj} Career Pathways",
                                            "{adj} Jobs Collaborative"],
                  "needs": ["employment", "adult_education", "case_management", "transportation"]},
    "childcare": {"share": 22, "patterns": ["{adj} Child Care Alliance", "{place} Child Care Resource Center",
                                            "{adj} Kids Learning Center"],
                  "needs": ["child_care", "child_development", "parenting_education", "respite_care"]},
    "mch": {"share": 30, "patterns": ["{adj} Maternal and Child Health", "{place} WIC Program",
                                      "{adj} Birth Partners", "{adj} Mothers Network"],
            "needs": ["wic", "home_visiting", "prenatal_care", "maternal_mental_health",
                      "parenting_education", "baby_supplies", "support_groups"]},
}

ADJ = ["Bright Path", "Harbor Light", "Sunrise", "Open Door", "Golden Hills", "New Horizons",
       "Puente", "Esperanza", "Hope Street", "Evergreen", "Cornerstone", "Pathways", "Lighthouse",
       "Unity", "Kindred", "Common Ground", "Sycamore", "Jacaranda", "Rising Tide", "Guiding Hands",
       "Mariposa", "Arroyo", "Casa Nueva", "Little Acorn", "Foothill", "Bridgeway", "Cedar Grove",
       "Camino Real", "Sol y Luna", "Greenleaf", "Seabreeze", "Westside", "Eastside", "Northstar",
       "Silver Lake", "Willow", "Blue Sky", "Family First", "Heartland", "Milagro", "Tree of Life",
       "Pacific Crest", "Desert Rose", "Morning Star", "Second Chance", "Safe Harbor", "Vista",
       "Summit", "Olive Branch", "Hearth", "Starfish", "Pinecrest", "Orchard", "Redwood",
       "Cielo Azul", "Mosaic", "Roots and Wings", "Helping Hands", "Nuestra Familia", "Bayview"]
SAINTS = ["St. Anne", "St. Brigid", "St. Francis", "Our Lady of Hope", "St. Vincent", "Holy Family",
          "Grace", "Bethel", "Mount Zion", "First Baptist", "Trinity", "St. Mark", "Good Shepherd",
          "New Life", "Calvary", "St. Agnes", "Emmanuel", "Shiloh"]
IGLESIA = ["Cristiana Roca Firme", "Fuente de Vida", "Nueva Esperanza", "Luz del Mundo Comunitaria",
           "Camino de Paz", "Casa de Oracion", "Monte Sinai", "Vida Abundante"]

STREETS = ["Main St", "Broadway", "Central Ave", "Vermont Ave", "Western Ave", "Figueroa St",
           "Florence Ave", "Slauson Ave", "Manchester Ave", "Compton Ave", "Avalon Blvd",
           "Whittier Blvd", "Cesar E Chavez Ave", "Atlantic Blvd", "Pacific Blvd", "Van Nuys Blvd",
           "Sherman Way", "Roscoe Blvd", "Lankershim Blvd", "Victory Blvd", "Glenoaks Blvd",
           "Colorado Blvd", "Garvey Ave", "Valley Blvd", "Long Beach Blvd", "Anaheim St",
           "Pacific Coast Hwy", "Imperial Hwy", "Rosecrans Ave", "Lancaster Blvd", "Palmdale Blvd",
           "Sierra Hwy", "Avenue I", "Avenue R", "Olympic Blvd", "Pico Blvd", "Wilshire Blvd",
           "Beverly Blvd", "Sunset Blvd", "Santa Monica Blvd", "Crenshaw Blvd", "Normandie Ave",
           "Hawthorne Blvd", "Artesia Blvd", "Firestone Blvd", "Gage Ave", "Soto St", "1st St",
           "3rd St", "7th St", "Adams Blvd", "Jefferson Blvd", "Washington Blvd", "Martin Luther King Jr Blvd",
           "Foothill Blvd", "Huntington Dr", "Rosemead Blvd", "Lakewood Blvd", "Paramount Blvd",
           "Alondra Blvd", "Nordhoff St", "Reseda Blvd", "Laurel Canyon Blvd", "San Fernando Rd"]
SUITES = ["Suite 100", "Suite 110", "Suite 200", "Suite 204", "Room 12", "2nd Floor", "Unit B",
          "Building C", "Suite 301"]

BUS_LINES = ["40 and 740", "204 and 754", "18", "53", "60", "108", "111", "115", "117", "210",
             "233", "234", "251", "2", "4", "20", "28", "33", "45", "66", "70", "76", "81",
             "105", "120", "125", "150", "162", "165", "166", "232", "240", "260", "265"]
RAIL = ["Metro A Line Willowbrook/Rosa Parks station", "Metro A Line Florence station",
        "Metro E Line Expo/Vermont station", "Metro B Line Westlake/MacArthur Park station",
        "Metro C Line Hawthorne/Lennox station", "Metro J Line Harbor Freeway station",
        "Metro L Line Soto station", "Metro E Line Atlantic station", "Metrolink Lancaster station",
        "Metro G Line Van Nuys station", "Metro A Line Downtown Long Beach station",
        "Metro K Line Leimert Park station", "Metro A Line Allen station",
        "Metro B Line Vermont/Santa Monica station", "Metrolink Palmdale station"]

# Languages: code, display name.
LANGS: dict[str, str] = {
    "en": "English", "es": "Spanish", "ko": "Korean", "zh": "Chinese", "hy": "Armenian",
    "tl": "Tagalog", "vi": "Vietnamese", "fa": "Farsi", "ru": "Russian", "ja": "Japanese",
    "km": "Khmer", "ar": "Arabic", "ase": "American Sign Language",
}
LANG_NOTES = ["Bilingual staff", "Staff speak this language", "Available on request",
              "Interpretation by bilingual staff when available", "Classes offered in this language"]

# Regional language boosts by ZIP prefix / set.
REGIONAL_LANGS: list[tuple[tuple[str, ...], str, float]] = [
    (("90004", "90005", "90006", "90010", "90019", "90020", "90057", "90036"), "ko", 0.7),
    (("91754", "91755", "91770", "91776", "91801", "91803", "91780", "91006", "91007", "91765",
      "91748", "90012", "90031", "90032"), "zh", 0.5),
    (("91201", "91202", "91203", "91204", "91205", "91206", "91207", "91208", "91501", "91502",
      "91504", "91505", "91506", "90027", "90029", "91601", "91602", "91605", "91606"), "hy", 0.5),
    (("90802", "90804", "90805", "90806", "90813"), "km", 0.35),
    (("90024", "90025", "90035", "90049", "91356", "91364", "91367"), "fa", 0.35),
    (("90046", "90069", "90048"), "ru", 0.4),
    (("90501", "90502", "90503", "90504", "90247", "90248", "90249"), "ja", 0.3),
    (("90745", "90746", "91331", "91342", "90813", "91016", "91010", "90303"), "tl", 0.3),
    (("91732", "91733", "91776", "90640", "91770", "90706"), "vi", 0.3),
]
BASE_LANG_P = {"es": 0.62, "ko": 0.05, "zh": 0.06, "hy": 0.04, "tl": 0.05, "vi": 0.04, "fa": 0.025,
               "ru": 0.02, "ja": 0.015, "km": 0.012, "ar": 0.02, "ase": 0.03}

# --------------------------------------------------------------------------
# Real-style phrasing (issue 12 point 9).  The kinds of wording 211 staff write,
# copied as *kinds* from the real exports in ../shared/data (Baltimore iCarol,
# San Mateo Ohana, ILAO); every sentence here is our own.
REGIONS_TOML = REPO / "src" / "pfmatch" / "data" / "regions" / "los-angeles-county-ca.toml"

#: How staff name each region of the bundled LA region file (never the SPA file
#: name itself only; short codes like "AV" or "the Valley" are left out).
REGION_WORDING: dict[str, list[str]] = {
    "SPA 1 Antelope Valley": ["Antelope Valley", "the Antelope Valley", "SPA 1", "High Desert"],
    "San Fernando Valley": ["San Fernando Valley", "the San Fernando Valley",
                            "East San Fernando Valley", "Northeast San Fernando Valley"],
    "Santa Clarita Valley": ["Santa Clarita Valley"],
    "SPA 3 San Gabriel": ["San Gabriel Valley", "the San Gabriel Valley", "SPA 3"],
    "Pomona Valley": ["Pomona Valley"],
    "SPA 4 Metro": ["Metro Los Angeles", "Central LA", "SPA 4"],
    "Downtown Los Angeles": ["Downtown LA", "Downtown Los Angeles"],
    "Hollywood": ["Hollywood", "East Hollywood"],
    "SPA 5 West": ["Westside", "West Los Angeles", "West LA"],
    "SPA 6 South": ["South Los Angeles", "South LA", "South Central Los Angeles", "SPA 6"],
    "Watts": ["Watts", "Watts-Willowbrook"],
    "SPA 7 East": ["Gateway Cities", "SPA 7"],
    "Southeast Los Angeles": ["Southeast Los Angeles", "Southeast LA", "Southeast Cities"],
    "East Los Angeles": ["East Los Angeles", "East LA", "Boyle Heights"],
    "SPA 8 South Bay": ["South Bay", "South Bay and Harbor", "SPA 8"],
    "Harbor": ["Harbor Area", "LA Harbor"],
}

#: The county as staff write it in an area field or in eligibility prose.
COUNTY_WORDING = ["Los Angeles County", "Los Angeles County", "Los Angeles County",
                  "Los Angeles Co.", "LA County", "L.A. County", "Countywide",
                  "All of Los Angeles County"]

#: Loose intake wording (Baltimore: 396 of 1,876 say "Call for information.").
LOOSE_INTAKE: dict[str, list[str]] = {
    "walkin": ["Walk in or call.", "Call or walk in.", "Call or walk in for information.",
               "Walk-in.", "Walk in.", "Call for information or walk in."],
    "call": ["Call for information.", "Call for information.", "Call for more information.",
             "Call appropriate number for information.", "See notes.",
             "Call or visit website for information."],
    "referral": ["Referrals from any source.", "Call for information. Referral needed.",
                 "Self-referral or agency referral. Call for information."],
}

#: "Home visits:" as iCarol exports write it at the end of a description.
HOME_VISIT_LINES = {"no": "Home visits: No", "yes": "Home visits: Yes",
                    "other": ["Home visits: Limited", "Home visits: For established clients",
                              "Home visits: In an emergency", "Home visits: Other, see notes"]}

#: Eligibility that names who is served: (sentence, needs it fits).
POPULATION_LIMITS: list[tuple[str, tuple[str, ...]]] = [
    ("Women 18 and older.", ("substance_use", "support_groups", "mental_health", "shelter",
                             "employment")),
    ("Women 18 and older and their children.", ("shelter", "domestic_violence")),
    ("Men 18 and older.", ("substance_use", "shelter", "employment")),
    ("Veterans and their families.", ("employment", "housing_search", "rent_assistance",
                                      "case_management", "mental_health", "legal_aid")),
    ("People living with HIV/AIDS and their families.", ("case_management", "health_care",
                                                         "food", "support_groups",
                                                         "mental_health", "rent_assistance")),
    ("Homebound seniors 60 and older.", ("food",)),
    ("Homeless families with children.", ("case_management", "child_care", "health_care",
                                          "employment")),
    ("Fathers and father figures of children 0-18.", ("parenting_education", "support_groups")),
    ("Latina mothers of children under 5.", ("support_groups", "parenting_education")),
    ("Grandparents raising grandchildren.", ("support_groups",)),
    ("Must be referred by DCFS or the court.", ("parenting_education", "mental_health")),
]
_MALE_NAME = re.compile(r"(?i)\bdads?\b|father|\bmen\b")
_FEMALE_NAME = re.compile(r"(?i)\bmoms?\b|mother|women|maternal|perinatal|postpartum|lactation|birth")

#: Eligibility that widens or colours the audience and limits no one.
WIDENING = ["Open to anyone. Spanish-speaking families especially welcome.",
            "Open to all; focus on families with young children.",
            "Anyone in need, including immigrant families.",
            "Open to the public. Seniors and people with disabilities are welcome."]

#: Open Eligibility "situation" labels (who is served), the way real category
#: and keyword columns carry them beside what the service is.
WHO_LABELS: list[tuple[str, str]] = [
    ("20036", "Women"), ("20037", "Men"), ("20071", "Hispanic/Latino"),
    ("20004", "Teens (13-19 years old)"), ("20003", "Adults (31-54 years old)"),
    ("20005", "Children (2-12 years old)"), ("20006", "Seniors (55+ years old)"),
    ("20010", "Veterans"), ("20063", "Low-Income"), ("20001", "Anyone in Need"),
    ("20075", "Mothers"), ("20074", "Fathers"), ("20054", "Families with Children"),
]

#: Language notes with a scope (the reasons must carry it).
SCOPED_LANGUAGE_NOTES = ["Spanish speaker available Fridays", "Spanish speaker available Fridays.",
                         "Limited Spanish", "Spanish-speaking staff at some locations",
                         "Spanish translators for tax assistance only"]
#: Interpretation text as exports write it.
LOOSE_INTERPRETATION = ["Accommodations possible.", "Language Line.", "Interpreters via Language Line",
                        "Other languages available upon request.",
                        "Accommodations made with advance notice."]

#: Community anchors a real LA County directory has and a random draw may miss:
#: (organization type, ZIP, needs, a language it also offers).  The county's WIC
#: and family offices in the Antelope Valley, Korean-speaking child care and
#: family services in Koreatown, Spanish-speaking basic needs in South LA.  They
#: are written with the same messy phrasing as every other record.
ANCHORS: list[tuple[str, str, tuple[str, ...], str | None]] = [
    ("county", "93534", ("wic", "food_benefits", "utilities"), "es"),
    ("mch", "93550", ("wic", "baby_supplies"), "es"),
    ("foodbank", "93535", ("food", "food"), "es"),
    ("childcare", "90006", ("child_care", "child_care", "parenting_education"), "ko"),
    ("frc", "90005", ("child_care", "parenting_education", "support_groups"), "ko"),
    ("frc", "90011", ("food", "baby_supplies", "rent_assistance"), "es"),
    ("foodbank", "90003", ("food", "baby_supplies"), "es"),
]

#: Public-benefit enrollment: LA County serves Spanish (a threshold language) everywhere.
THRESHOLD_NEEDS = frozenset({"food_benefits", "health_insurance", "wic", "cash_assistance"})

#: Needs whose help is a thing to pick up or a place to be: never online-only.
TANGIBLE_NEEDS = frozenset({"food", "baby_supplies", "clothing_household", "shelter", "dental_care",
                            "health_care", "prenatal_care", "child_care",
                            "child_development"})

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
             "FR": "Friday", "SA": "Saturday", "SU": "Sunday"}


# --------------------------------------------------------------------------
class Ids:
    """Deterministic uuid5 ids from a fixed namespace and per-kind counters."""

    def __init__(self) -> None:
        self.counters: Counter[str] = Counter()

    def new(self, kind: str) -> str:
        """Return the next id for ``kind`` (e.g. ``"service"``)."""
        self.counters[kind] += 1
        return str(uuid.uuid5(NAMESPACE, f"pfmatch-sample/{kind}/{self.counters[kind]}"))


def load_needs() -> dict[str, Json]:
    """Read ``needs.toml`` and return the need tables keyed by code.

    Returns
    -------
    dict
        ``{code: need table}`` in file order.
    """
    with NEEDS_TOML.open("rb") as fh:
        data = tomllib.load(fh)
    return {n["code"]: n for n in data["need"]}


def _under(code: str, prefix: str) -> bool:
    """Whether a 211HSIS code is ``prefix`` or one of its descendants."""
    return code == prefix or code.startswith((prefix + ".", prefix + "-")) or (
        len(prefix) == 2 and code.startswith(prefix))


def hsis_for_need(need: Json) -> list[tuple[str, str]]:
    """211HSIS-style (code, name) pairs to tag a need's services with.

    Curated example codes from :data:`HSIS_CODES` are kept only when they fall
    under one of the need's ``hsis`` prefixes in ``needs.toml``; every prefix
    with no curated code is used as a code itself, so that all prefixes in the
    need file occur in the directory.

    Parameters
    ----------
    need : dict
        One ``[[need]]`` table from ``needs.toml``.

    Returns
    -------
    list of (str, str)
    """
    prefixes = need["hsis"]
    out = [(c, n) for c, n in HSIS_CODES.get(need["code"], []) if any(_under(c, p) for p in prefixes)]
    for p in prefixes:
        if not any(_under(c, p) for c, _ in out):
            out.append((p, HSIS_NAMES.get(p, need["label"])))
    return out


def region_weight(zip_code: str, city: str, lat: float, lon: float) -> float:
    """Relative density of services in a ZIP (a rough population proxy).

    Parameters
    ----------
    zip_code, city : str
        The ZIP code and its primary city.
    lat, lon : float
        ZIP centroid.

    Returns
    -------
    float
        Sampling weight; high in central, South and East LA, the San Fernando
        Valley and Long Beach, low in the Antelope Valley and the mountains.
    """
    z = int(zip_code)
    if 93500 <= z <= 93599:           # Antelope Valley (Lancaster, Palmdale) and high desert
        return 1.6 if city in ("Lancaster", "Palmdale") else 0.15
    if z in (91042, 91043, 91350, 91351, 91354, 91355, 91381, 91384, 91387, 91390, 90263, 90265,
             91302, 91361, 91362, 91011, 91024):
        return 0.35                   # foothills, mountains, Malibu, Santa Clarita edges
    if lat > 34.3 and lon > -118.4:   # Angeles National Forest interior
        return 0.1
    if 90001 <= z <= 90099:           # City of LA core, South LA, East LA
        return 3.0
    if 90200 <= z <= 90299 or 90600 <= z <= 90699 or 90700 <= z <= 90899:
        return 2.0                    # Gateway cities, Long Beach, harbor
    if 91300 <= z <= 91699:           # San Fernando Valley
        return 2.0
    return 1.2


def load_zips() -> list[Json]:
    """Standard, active LA County ZIP codes with centroid, city and weight."""
    rows = zipcodes.filter_by(county="Los Angeles County", state="CA")
    out = []
    for r in rows:
        if r["zip_code_type"] != "STANDARD" or not r["active"] or not r["lat"]:
            continue
        lat, lon = float(r["lat"]), float(r["long"])
        out.append({"zip": r["zip_code"], "city": r["city"], "lat": lat, "lon": lon,
                    "area_codes": list(r["area_codes"] or ["213"]),
                    "w": region_weight(r["zip_code"], r["city"], lat, lon)})
    out.sort(key=lambda x: x["zip"])
    return out


def load_region_wording() -> dict[str, list[str]]:
    """ZIP -> the region names staff would write for it (from the bundled LA region file).

    Returns
    -------
    dict
        ``{zip: [wording, ...]}``, most specific region first (fewest ZIPs).
    """
    with REGIONS_TOML.open("rb") as fh:
        regions = tomllib.load(fh)["regions"]
    out: dict[str, list[tuple[int, str]]] = {}
    for reg in regions:
        words = REGION_WORDING.get(reg["name"])
        if not words:
            continue
        for zc in reg["zips"]:
            out.setdefault(zc, []).append((len(reg["zips"]), reg["name"]))
    return {zc: [n for _, n in sorted(v)] for zc, v in out.items()}


# --------------------------------------------------------------------------
class Generator:
    """Builds the synthetic directory.

    Parameters
    ----------
    seed : int
        Seed for :class:`random.Random`.
    """

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.needs = load_needs()
        self.zips = load_zips()
        self.zip_by_code = {z["zip"]: z for z in self.zips}
        self.zip_weights = [z["w"] for z in self.zips]
        self.phone_seq = 0
        self.kw_cursor: Counter[str] = Counter()
        self.oe_cursor: Counter[str] = Counter()
        self.hsis_cursor: Counter[str] = Counter()
        self.name_cursor: Counter[str] = Counter()
        self.tax_mode_cursor = 0
        self.org_names: set[str] = set()
        self.terms: dict[tuple[str, str], Json] = {}
        self.hsis_codes = {n: hsis_for_need(self.needs[n]) for n in NEED_TARGETS}
        self.regions_by_zip = load_region_wording()

    # -- small helpers ----------------------------------------------------
    def pick_zip(self) -> Json:
        """A ZIP sampled by population weight."""
        return self.rng.choices(self.zips, weights=self.zip_weights, k=1)[0]

    def phone_number(self, area: str) -> str:
        """A fictional number in the 555-0100..0199 range."""
        self.phone_seq += 1
        return f"({area}) 555-01{self.rng.randrange(100):02d}"

    def phone(self, area: str, ptype: str = "voice", description: str | None = None,
              languages: list[Json] | None = None, number: str | None = None) -> Json:
        """An HSDS phone object."""
        p: Json = {"id": self.ids.new("phone"), "number": number or self.phone_number(area),
                   "type": ptype}
        if description:
            p["description"] = description
        if languages:
            p["languages"] = languages
        return p

    def language(self, code: str, note: str | None = None) -> Json:
        """An HSDS language object."""
        lang: Json = {"id": self.ids.new("language"), "code": code, "name": LANGS[code]}
        if code == "zh":
            lang["name"] = self.rng.choice(["Chinese (Mandarin)", "Chinese (Cantonese)", "Mandarin",
                                            "Cantonese", "Chinese"])
        if note:
            lang["note"] = note
        return lang

    def keyword(self, need: str) -> str:
        """Next keyword for a need, cycling so that every keyword is used."""
        kws = self.needs[need]["keywords"]
        i = self.kw_cursor[need]
        self.kw_cursor[need] += 1
        return kws[i % len(kws)]

    def taxonomy_term(self, taxonomy: str, code: str, name: str) -> Json:
        """A (cached) taxonomy term object."""
        key = (taxonomy, code)
        if key not in self.terms:
            uri = ("https://github.com/auntbertha/openeligibility" if taxonomy == "Open Eligibility"
                   else "http://211hsis.org")
            self.terms[key] = {
                "id": str(uuid.uuid5(NAMESPACE, f"term/{taxonomy}/{code}")),
                "code": code, "name": name, "taxonomy": taxonomy,
                "description": f"{name} ({taxonomy})",
                "taxonomy_detail": {
                    "id": str(uuid.uuid5(NAMESPACE, f"taxonomy/{taxonomy}")),
                    "name": taxonomy, "uri": uri,
                    "description": ("Open Eligibility human services taxonomy v2.0"
                                    if taxonomy == "Open Eligibility"
                                    else "211 Human Services Indexing System (example codes)"),
                    "version": "2.0" if taxonomy == "Open Eligibility" else "example"},
            }
        return dict(self.terms[key])

    def attribute(self, service_id: str, term: Json) -> Json:
        """An HSDS 3.0 attribute linking a service to a taxonomy term."""
        return {"id": self.ids.new("attribute"), "link_id": service_id, "link_entity": "service",
                "link_type": "service_type", "taxonomy_term_id": term["id"], "taxonomy_term": term}

    def taxonomy_for(self, need: str) -> tuple[str, str, str] | None:
        """Next (taxonomy, code, name) for a need, or ``None`` for a text-only record.

        Services rotate through Open Eligibility (about 40 %), 211HSIS (about
        30 %) and text only (about 30 %); within a scheme they rotate through
        the need's codes so that every code in ``needs.toml`` appears.
        """
        r = self.rng.random()
        oe = self.needs[need]["oe"]
        if r < 0.40 and oe:
            i = self.oe_cursor[need]
            self.oe_cursor[need] += 1
            code = oe[i % len(oe)]
            return ("Open Eligibility", code, OE_NAMES[code])
        if r < 0.40:  # need without OE ids (child mental health): general counseling id
            return ("Open Eligibility", "1304", OE_NAMES["1304"])
        if r < 0.70:
            codes = self.hsis_codes[need]
            i = self.hsis_cursor[need]
            self.hsis_cursor[need] += 1
            code, name = codes[i % len(codes)]
            return ("211HSIS", code, name)
        return None

    # -- places ------------------------------------------------------------
    def jitter(self, z: Json, max_m: float = 800.0) -> tuple[float, float]:
        """ZIP centroid moved by up to ``max_m`` metres in a random direction."""
        r = max_m * math.sqrt(self.rng.random())
        t = self.rng.random() * 2 * math.pi
        dlat = r * math.cos(t) / 111_320.0
        dlon = r * math.sin(t) / (111_320.0 * math.cos(math.radians(z["lat"])))
        return round(z["lat"] + dlat, 6), round(z["lon"] + dlon, 6)

    def accessibility(self) -> list[Json]:
        """Accessibility entries for a physical location (may be empty)."""
        rng = self.rng
        acc: list[Json] = []
        r = rng.random()
        if r < 0.62:
            acc.append({"id": self.ids.new("accessibility"),
                        "description": rng.choice(["Wheelchair accessible",
                                                   "Wheelchair accessible entrance, ramp and restrooms",
                                                   "ADA accessible; elevator to all floors",
                                                   "Accessible parking and step-free entrance"])})
        elif r < 0.70:
            acc.append({"id": self.ids.new("accessibility"),
                        "description": rng.choice(["Not wheelchair accessible; second floor, no elevator",
                                                   "Not wheelchair accessible",
                                                   "Building is not wheelchair accessible.",
                                                   "No elevator; not accessible to wheelchairs"]),
                        "details": "Staff can meet clients on the ground floor by appointment."})
        if rng.random() < 0.08:
            acc.append({"id": self.ids.new("accessibility"),
                        "description": "ASL interpreters available with 48 hours notice"})
        if rng.random() < 0.05:
            acc.append({"id": self.ids.new("accessibility"),
                        "description": "TTY line available for deaf and hard of hearing callers"})
        return acc

    def transportation_note(self, street: str) -> str | None:
        """A public-transit note (about half of locations)."""
        rng = self.rng
        if rng.random() > 0.5:
            return None
        cross = rng.choice(STREETS)
        opts = [f"Metro Bus {rng.choice(BUS_LINES)} stop at the corner of {street} and {cross}.",
                f"Two blocks from the {rng.choice(RAIL)}.",
                f"Near the {rng.choice(RAIL)}; Metro Bus {rng.choice(BUS_LINES)} stops in front.",
                f"Served by Metro Bus {rng.choice(BUS_LINES)}. Free parking in the rear lot.",
                "Accessible by local DASH and Metro buses; limited street parking."]
        return rng.choice(opts)

    def location(self, org: Json, z: Json, name: str) -> Json:
        """A physical location at a jittered ZIP centroid with a synthetic address."""
        rng = self.rng
        lat, lon = self.jitter(z)
        street = rng.choice(STREETS)
        addr: Json = {"id": self.ids.new("address"),
                      "address_1": f"{rng.randrange(100, 19999)} {street}",
                      "city": z["city"], "state_province": "CA", "postal_code": z["zip"],
                      "country": "US", "address_type": "physical"}
        if rng.random() < 0.3:
            addr["address_2"] = rng.choice(SUITES)
        loc: Json = {"id": self.ids.new("location"), "location_type": "physical", "name": name,
                     "latitude": lat, "longitude": lon, "addresses": [addr],
                     "organization_id": org["id"]}
        r = rng.random()
        if r < 0.09:                  # address only, as many exports have it (placed by ZIP)
            del loc["latitude"], loc["longitude"]
        elif r < 0.10:                # address with a city but no ZIP (placed by city)
            del loc["latitude"], loc["longitude"], addr["postal_code"]
        t = self.transportation_note(street)
        if t:
            loc["transportation"] = t
        acc = self.accessibility()
        if acc:
            loc["accessibility"] = acc
        if rng.random() < 0.5:
            loc["phones"] = [self.phone(rng.choice(z["area_codes"]), "voice", "Front desk")]
        if rng.random() < 0.45:
            loc["languages"] = [self.language(c) for c in ["en", *self.languages_for(z)[:3]]]
        return loc

    def virtual_location(self, org: Json, what: str) -> Json:
        """A virtual location (``location_type: "virtual"``) with a URL."""
        return {"id": self.ids.new("location"), "location_type": "virtual",
                "name": f"{org['name']} - {what}",
                "url": f"{org['website']}/{what.lower().replace(' ', '-')}",
                "description": "Services are delivered online by video or web portal."}

    # -- organizations -----------------------------------------------------
    def org_name(self, otype: str, z: Json) -> str:
        """A unique synthetic organization name for a type, near a ZIP."""
        rng = self.rng
        for _ in range(50):
            pat = rng.choice(ORG_TYPES[otype]["patterns"])
            name = pat.format(place=z["city"], adj=rng.choice(ADJ), saint=rng.choice(SAINTS),
                              iglesia=rng.choice(IGLESIA))
            if name not in self.org_names:
                self.org_names.add(name)
                return name
        name = f"{name} {len(self.org_names)}"
        self.org_names.add(name)
        return name

    def organizations(self) -> list[Json]:
        """All organizations, each with a home ZIP, sites and a type."""
        return [self.make_org(otype, self.pick_zip())
                for otype, spec in ORG_TYPES.items() for _ in range(spec["share"])]

    def make_org(self, otype: str, z: Json, n_sites: int | None = None) -> Json:
        """One organization of type ``otype`` with its main office at ZIP ``z``."""
        name = self.org_name(otype, z)
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:28]
        org: Json = {"id": self.ids.new("organization"), "name": name,
                     "website": f"https://www.{slug}.example.org",
                     "email": f"info@{slug}.example.org", "type": otype}
        org["description"] = self.org_description(otype, z)
        if otype in ("county", "school"):
            org["legal_status"] = "Government"
        else:
            org["tax_status"] = "501(c)(3)"
            org["year_incorporated"] = self.rng.randrange(1925, 2021)
        if n_sites is None:
            n_sites = self.rng.choices([1, 2, 3, 4, 5], weights=[25, 30, 25, 12, 8])[0]
            if otype == "county":
                n_sites += 1
        sites = []
        for i in range(n_sites):
            sz = z if i == 0 else self.near_zip(z)
            label = "Main Office" if i == 0 else f"{sz['city']} Site"
            sites.append(self.location(org, sz, f"{name} - {label}"))
        org["_sites"] = sites
        org["_zip"] = z
        return org

    def near_zip(self, z: Json, deg: float = 0.22) -> Json:
        """Another ZIP near ``z`` (within ``deg`` degrees, about 25 km), population-weighted."""
        cands = [c for c in self.zips
                 if abs(c["lat"] - z["lat"]) < deg and abs(c["lon"] - z["lon"]) < deg * 1.2]
        return self.rng.choices(cands, weights=[c["w"] for c in cands], k=1)[0]

    def org_description(self, otype: str, z: Json) -> str:
        """One-sentence organization description."""
        d = {
            "frc": "A community-based family resource center serving families with young children",
            "nonprofit": "A nonprofit community organization providing basic needs and family support",
            "foodbank": "A volunteer-run hunger relief organization",
            "clinic": "A federally qualified community health center",
            "county": "A county government office",
            "mh_agency": "A nonprofit behavioral health agency",
            "school": "A public school district program",
            "faith": "A faith-based congregation with community outreach ministries",
            "legal": "A nonprofit legal services organization",
            "dv": "A nonprofit agency serving survivors of domestic violence and their children",
            "early": "An early childhood organization serving infants, toddlers and their families",
            "housing": "A nonprofit housing and homeless services provider",
            "workforce": "A workforce development center",
            "childcare": "A child care resource and referral agency",
            "mch": "A maternal and child health program",
        }[otype]
        return f"{d} in {z['city']} and nearby communities."

    # -- service pieces ----------------------------------------------------
    def languages_for(self, z: Json) -> list[str]:
        """Languages offered (besides English) at a ZIP, by regional shares."""
        rng = self.rng
        p = dict(BASE_LANG_P)
        for zips, code, boost in REGIONAL_LANGS:
            if z["zip"] in zips:
                p[code] = max(p[code], boost)
        if int(z["zip"]) >= 93500:
            p["es"] = 0.5
        return [c for c, pr in p.items() if rng.random() < pr]

    def schedule(self, byday: list[str], opens: str, closes: str, attending: str | None,
                 description: str | None = None) -> Json:
        """An HSDS 3.0 weekly schedule."""
        s: Json = {"id": self.ids.new("schedule"), "freq": "WEEKLY", "wkst": "MO",
                   "byday": ",".join(byday), "opens_at": opens, "closes_at": closes}
        if attending:
            s["attending_type"] = attending
        if description:
            s["description"] = description
        return s

    def hours_pattern(self, attending: str) -> tuple[list[Json], str]:
        """Structured schedules and a human text for one site.

        Returns
        -------
        tuple
            (schedules, hours text).  About 1 in 6 sites give hours only as
            text (no structured schedule).
        """
        rng = self.rng
        kind = rng.choices(["weekday", "weekday_long", "evening", "weekend", "partial", "text_only"],
                           weights=[30, 15, 15, 12, 12, 16])[0]
        scheds: list[Json] = []
        if kind == "weekday":
            o, c = rng.choice([("08:00", "17:00"), ("09:00", "17:00"), ("08:30", "16:30"), ("09:00", "16:00")])
            scheds.append(self.schedule(DAYS[:5], o, c, attending))
            text = f"Monday-Friday {fmt(o)}-{fmt(c)}"
        elif kind == "weekday_long":
            o, c = rng.choice([("08:00", "19:00"), ("09:00", "19:00"), ("07:30", "18:30")])
            scheds.append(self.schedule(DAYS[:5], o, c, attending))
            text = f"Monday-Friday {fmt(o)}-{fmt(c)}"
        elif kind == "evening":
            scheds.append(self.schedule(DAYS[:5], "09:00", "17:00", attending))
            days = rng.choice([["TU", "TH"], ["MO", "WE"], ["WE"], ["TH"]])
            c = rng.choice(["19:30", "20:00", "21:00"])
            scheds.append(self.schedule(days, "17:00", c, attending, "Evening hours"))
            text = (f"Monday-Friday 9am-5pm; evenings {', '.join(DAY_NAMES[d] for d in days)} "
                    f"until {fmt(c)}")
        elif kind == "weekend":
            scheds.append(self.schedule(DAYS[:5], "09:00", "17:00", attending))
            days = rng.choice([["SA"], ["SA", "SU"], ["SU"]])
            o, c = rng.choice([("09:00", "13:00"), ("10:00", "14:00"), ("08:00", "12:00")])
            scheds.append(self.schedule(days, o, c, attending, "Weekend hours"))
            text = (f"Monday-Friday 9am-5pm; {' and '.join(DAY_NAMES[d] for d in days)} "
                    f"{fmt(o)}-{fmt(c)}")
        elif kind == "partial":
            days = rng.choice([["MO", "WE", "FR"], ["TU", "TH"], ["WE"], ["SA"], ["TU", "WE", "TH"]])
            o, c = rng.choice([("09:00", "12:00"), ("13:00", "16:00"), ("10:00", "14:00")])
            scheds.append(self.schedule(days, o, c, attending))
            text = f"{', '.join(DAY_NAMES[d] for d in days)} {fmt(o)}-{fmt(c)}"
        else:
            text = rng.choice(["Monday through Friday, 8:30 a.m. to 5:00 p.m.",
                               "Mon-Thu 9am-6pm, Fri 9am-1pm",
                               "Tuesdays and Thursdays 10am-2pm; closed holidays",
                               "Hours vary; call for current schedule",
                               "M-F 8-5, Sat 9-12",
                               "Open weekdays 9:00-4:00 and the 2nd Saturday of each month"])
        return scheds, text

    def eligibility(self, need: str, name: str = "") -> tuple[str, float | None, float | None]:
        """Eligibility text and optional structured ages for a need."""
        rng = self.rng
        parts: list[str] = []
        mn: float | None = None
        mx: float | None = None
        age_opts = {
            "early_intervention": [("Infants and toddlers birth to 3 years", 0, 3)],
            "home_visiting": [("Pregnant people and families with infants up to 24 months", 0, 2),
                              ("First-time parents, enrolled before 28 weeks of pregnancy", None, None),
                              ("Families with children prenatal to age 5", 0, 5)],
            "child_development": [("Children ages 0-5 and their parents", 0, 5),
                                  ("Children ages 3-5", 3, 5)],
            "child_mental_health": [("Children ages 0-5 and their parents", 0, 5),
                                    ("Children and youth ages 2-17", 2, 17)],
            "school_evaluation": [("Children ages 3 to 22 who live in the district", 3, 22)],
            "child_care": [("Children 6 weeks to 12 years", 0.1, 12),
                           ("Children ages 2-5", 2, 5), ("School-age children 5-12", 5, 12)],
            "parenting_education": [("Parents and caregivers of children 0-17", None, None),
                                    ("Pregnant and parenting teens 13-19", 13, 19),
                                    ("Expectant parents", None, None)],
            "wic": [("Pregnant, breastfeeding and postpartum women, infants and children under 5", None, None)],
            "prenatal_care": [("Pregnant and postpartum women of all ages", None, None)],
            "maternal_mental_health": [("Pregnant people and parents up to 12 months postpartum", None, None)],
            "employment": [("Adults 18 and older", 18, None), ("Youth ages 16-24", 16, 24)],
            "adult_education": [("Adults 18 and older", 18, None)],
            "substance_use": [("Adults 18 and older", 18, None),
                              ("Pregnant and parenting women", None, None)],
            "respite_care": [("Families with children ages 0-5", 0, 5),
                             ("Families of children with developmental disabilities", None, None)],
        }
        if need in age_opts:
            text, a, b = rng.choice(age_opts[need])
            parts.append(text + ".")
            if rng.random() < 0.55:
                mn, mx = a, b
        elif rng.random() < 0.2:
            text, a, b = rng.choice([("Adults 18 and older", 18, None), ("Families with children under 18", None, None),
                                     ("Open to all ages", None, None)])
            parts.append(text + ".")
            if rng.random() < 0.5:
                mn, mx = a, b
        income_needs = {"food", "food_benefits", "wic", "rent_assistance", "utilities", "child_care",
                        "cash_assistance", "legal_aid", "health_insurance", "child_development",
                        "baby_supplies", "transportation", "shelter", "dental_care", "housing_search"}
        if need in income_needs and rng.random() < 0.55:
            pct = rng.choice([100, 130, 138, 185, 200, 200, 250, 300])
            parts.append(rng.choice([
                f"Household income at or below {pct}% of the federal poverty level.",
                f"Income must be under {pct}% of the Federal Poverty Guidelines.",
                f"Low-income households (up to {pct}% FPL).",
            ]))
        elif need in income_needs and rng.random() < 0.3:
            parts.append(rng.choice(["Low-income families.", "Must meet income guidelines.",
                                     "No income requirement."]))
        if rng.random() < 0.3:
            parts.append(rng.choice(["Must live in Los Angeles County.", "Residents of the service area.",
                                     "Open to anyone.", "Families with children under 18.",
                                     "No proof of immigration status required."]))
        fits = [sent for sent, needs in POPULATION_LIMITS if need in needs
                and not (_MALE_NAME.search(name) and re.search(r"(?i)women|mothers", sent))
                and not (_FEMALE_NAME.search(name) and re.search(r"(?i)\bmen\b|fathers", sent))]
        if fits and rng.random() < 0.12:                 # a population limit, as staff state it
            parts.insert(0, rng.choice(fits))
        elif rng.random() < 0.04:                        # a group named that limits no one
            parts.insert(0, rng.choice(WIDENING))
        if not parts:
            parts.append(rng.choice(["Open to anyone.", "Families and individuals.", "See notes.",
                                     "Residents of Los Angeles County.", "Anyone in need.",
                                     "Open to the public.", "Families in need.",
                                     "Low income residents. See notes."]))
        if mn is not None and mx is None and rng.random() < 0.5:
            mx = None
        return " ".join(parts), mn, mx

    def fees(self, need: str, org_type: str) -> tuple[str, list[Json]]:
        """``fees_description`` and ``cost_options`` for a service."""
        rng = self.rng
        paid_ok = need in ("health_care", "dental_care", "mental_health", "child_care", "substance_use",
                           "legal_aid", "immigration_legal", "prenatal_care", "child_mental_health",
                           "adult_education", "respite_care", "parenting_education")
        r = rng.random()
        if not paid_ok or r < 0.55:
            desc = rng.choice(["Free", "Free.", "None.", "No cost", "Free of charge",
                               "Free; no one is turned away", "There is no fee for this service."])
            opt = [{"id": self.ids.new("cost_option"), "option": "All clients", "amount": 0,
                    "currency": "USD", "amount_description": "Free"}] if rng.random() < 0.6 else []
            return desc, opt
        if r < 0.8:
            desc = rng.choice(["Sliding scale based on income", "Sliding fee scale; Medi-Cal accepted",
                               "Sliding scale fees from $0 to $60 per session based on household income",
                               "Fees on a sliding scale. No one turned away for inability to pay."])
            return desc, [{"id": self.ids.new("cost_option"), "option": "Sliding scale", "currency": "USD",
                           "amount": 0, "amount_description": "Minimum fee; varies by household income"}]
        fee = rng.choice([10, 20, 25, 35, 40, 75, 150])
        desc = rng.choice([f"${fee} copay; Medi-Cal accepted", f"${fee} per session; private insurance accepted",
                           f"${fee} registration fee; fee waivers available",
                           f"${fee} per month"])
        return desc, [{"id": self.ids.new("cost_option"), "option": "Standard fee", "amount": fee,
                       "currency": "USD", "amount_description": desc}]

    def required_docs(self, need: str) -> list[Json]:
        """Required documents for a share of services."""
        rng = self.rng
        p = 0.55 if need in ("food_benefits", "wic", "rent_assistance", "utilities", "cash_assistance",
                             "health_insurance", "child_care", "shelter") else 0.15
        if rng.random() > p:
            return []
        pool = ["Photo ID", "Proof of address", "Proof of income (last 30 days of pay stubs)",
                "Birth certificates for children", "Social Security cards if available"]
        pool += {"rent_assistance": ["Lease or rental agreement", "Eviction or 3-day notice"],
                 "utilities": ["Most recent utility bill"],
                 "shelter": ["Eviction or 3-day notice"],
                 "health_insurance": ["Medi-Cal card"], "health_care": ["Medi-Cal card"],
                 "wic": ["Proof of pregnancy", "Immunization records"],
                 "prenatal_care": ["Proof of pregnancy", "Medi-Cal card"],
                 "child_care": ["Immunization records"],
                 "child_development": ["Immunization records"]}.get(need, [])
        return [{"id": self.ids.new("required_document"), "document": d}
                for d in rng.sample(pool, rng.randrange(1, 4))]

    def icarol_layout(self, body: str, need: str, profile: str) -> str:
        """A description laid out as iCarol exports lay it out.

        An ``OVERVIEW:`` label on some, a ``VOLUNTEERS:`` line on some and, on
        most, the closing ``Home visits:`` line with its polarity (Baltimore:
        1,824 of 1,876 descriptions; 1,196 say "No"), sometimes padded with
        trailing spaces as the export pads it.
        """
        rng = self.rng
        text = ("OVERVIEW: " + body) if rng.random() < 0.3 else body
        if rng.random() < 0.15:
            text += "\n\nVOLUNTEERS: " + rng.choice([
                "Not needed at this time.", "Adults needed to sort donations.",
                "Call the volunteer coordinator.", "Bilingual volunteers welcome."])
        r = rng.random()
        if profile == "home_visit":
            line = HOME_VISIT_LINES["yes"] if r < 0.7 else None
        elif need in ("early_intervention", "respite_care", "child_mental_health"):
            line = (HOME_VISIT_LINES["yes"] if r < 0.25 else
                    rng.choice(HOME_VISIT_LINES["other"]) if r < 0.45 else None)
        elif profile in ("hotline", "confidential"):
            line = None
        else:
            line = (HOME_VISIT_LINES["no"] if r < 0.6 else
                    rng.choice(HOME_VISIT_LINES["other"]) if r < 0.66 else None)
        if line:
            text += "\n\n" + line + (" " * rng.choice([0, 0, 1, 12, 21]))
        return text

    def messy_child_ids(self, svc: Json, main_phone: Json) -> None:
        """Repeat or blank some child-row ids, as real exports do.

        In one real HSDS 1.1 export more than half of the language rows share
        or lack an id; a reader must keep every row.
        """
        rng = self.rng
        langs = svc.get("languages", [])
        r = rng.random()
        if langs and r < 0.05:
            for lg in langs[1:]:
                lg["id"] = langs[0]["id"]
        elif langs and r < 0.08:
            for lg in langs:
                lg["id"] = ""
        if rng.random() < 0.03 and len(main_phone.get("languages", [])) > 1:
            for lg in main_phone["languages"]:
                lg["id"] = main_phone["languages"][0]["id"]

    # -- one service -------------------------------------------------------
    def service(self, need: str, org: Json, secondary: str | None, lang: str | None = None) -> Json:
        """Build one service object for a need at an organization (``lang``: also offered)."""
        rng = self.rng
        txt = NEED_TEXT[need]
        sid = self.ids.new("service")
        names = txt["names"]
        self.name_cursor[need] += 1
        base_name = names[(self.name_cursor[need] + rng.randrange(len(names))) % len(names)]
        name = base_name
        profiles = txt["profiles"]
        profile = rng.choices(list(profiles), weights=list(profiles.values()))[0]
        if org["type"] == "dv" and need == "shelter":
            profile = "confidential"
        z = org["_zip"]
        area = rng.choice(z["area_codes"])

        # languages
        lang_codes = self.languages_for(z)
        if need in THRESHOLD_NEEDS and "es" not in lang_codes:
            lang_codes.insert(0, "es")
        if lang and lang not in lang_codes:
            lang_codes.append(lang)
        langs_known = rng.random() < 0.85 or lang is not None
        svc_langs = ["en", *lang_codes] if langs_known else []

        # description
        kw = self.keyword(need)
        kw2 = self.keyword(need)
        what = rng.choice(txt["what"]).format(kw=kw, kw2=kw2)
        sentences = [what, rng.choice(txt["detail"])]
        if secondary:
            sentences.append(rng.choice([
                "Staff can also help with {k}.", "The program also offers {k}.",
                "Families can also get {k} on site.", "Referrals for {k} are available."]
            ).format(k=self.keyword(secondary)))
        if rng.random() < 0.12 and need not in ("home_visiting",):
            sentences.append(rng.choice(["Free child care is provided on site during sessions.",
                                         "Children are welcome; a supervised play area is available.",
                                         "On-site child care available for children ages 1-5."]))
        # eligibility
        elig, mn, mx = self.eligibility(need, name)
        fees_desc, cost_opts = self.fees(need, org["type"])
        web = f"{org['website']}/{base_name.lower().replace(' ', '-').replace('/', '-')}"

        # intake / application process
        attending = "in person"
        phones: list[Json] = []
        main_phone = self.phone(area, "voice", rng.choice(["Main line", "Intake line", "Appointments",
                                                            None]))
        phones.append(main_phone)
        num = main_phone["number"]
        if profile == "walkin":
            app = rng.choice([
                "Walk in Monday-Friday 9am-4pm, no appointment needed.",
                "Walk-ins welcome during open hours. No appointment necessary.",
                "Just show up during distribution hours; first come, first served.",
                "Drop in during office hours, or call ahead if you have questions.",
                "No appointment needed. Sign in at the front desk.",
            ])
        elif profile == "appointment_phone":
            app = rng.choice([
                f"Call {num} to schedule an intake appointment.",
                "Call to schedule an intake appointment. Appointments are usually available within a week.",
                f"By appointment only. Call {num} Monday through Friday.",
                "Call for an appointment; walk-ins seen if time allows.",
                f"Call {num} or stop by the front desk to make an appointment.",
            ])
        elif profile == "phone_only":
            app = rng.choice([
                f"Intake is by phone only. Call {num}; please do not walk in.",
                "Call first. All intakes are completed over the phone.",
                f"Call {num} to enroll. Phone screening required before services.",
            ])
            attending = "phone"
        elif profile == "online":
            app = rng.choice([
                f"Apply online at {web}. Paper applications are available at the office.",
                f"Apply online at {web} or call {num} for help with the application.",
                f"Complete the online pre-screening form at {web}; staff will contact you within 3 business days.",
            ])
            attending = "online"
        elif profile == "text":
            word = rng.choice(["FOOD", "HELP", "DIAPERS", "INFO", "AYUDA"])
            tnum = self.phone_number(area)
            phones.append(self.phone(area, "text", f"Text {word} for distribution dates and sites",
                                     number=tnum))
            app = f"Text {word} to {tnum} to get this week's distribution times, or walk in during open hours."
        elif profile == "referral":
            app = rng.choice([
                "Referral required from a doctor, social worker or case manager.",
                "Referrals accepted from agencies and self-referrals by phone.",
                f"Agency referral preferred; families may also call {num} to self-refer.",
                "By referral from the coordinated entry system or a partner agency.",
            ])
        elif profile == "virtual":
            app = rng.choice([
                f"Register online at {web}. Sessions are held by video (Zoom).",
                f"Call {num} to enroll; groups meet online by video.",
                "Sign up online; a link to the virtual session is sent by email or text.",
            ])
            attending = "online"
        elif profile == "home_visit":
            app = rng.choice([
                f"Call {num} or ask your prenatal provider for a referral. A home visitor will schedule visits in your home.",
                "Referral from a hospital, clinic or self-referral by phone. Services are delivered in the family's home.",
                f"Call {num} to enroll. Enrollment must happen before the baby is 3 months old.",
            ])
            attending = "home visit"
        elif profile == "hotline":
            app = "Call any time, 24 hours a day. No appointment needed."
            attending = "phone"
        else:  # confidential shelter
            app = "Call the 24-hour hotline for intake. Shelter location is confidential."
            attending = "phone"
        if rng.random() < 0.06 and profile not in ("hotline", "confidential", "text"):
            tnum = self.phone_number(area)
            phones.append(self.phone(area, "text", "Text message line", number=tnum))
            app += f" You can also text {tnum}."
        intake_sentence = app.split(". ")[0].rstrip(".") + "."
        # Intake as staff often write it: loose ("Call for information."), or a
        # negated line ("No walk-ins.").  "See notes." leaves the real wording
        # in the description.
        loose_kind = {"walkin": "walkin", "appointment_phone": "call", "online": "call",
                      "referral": "referral"}.get(profile)
        if loose_kind and rng.random() < 0.35:
            app = rng.choice(LOOSE_INTAKE[loose_kind])
        elif profile in ("appointment_phone", "referral") and rng.random() < 0.15:
            app = app.rstrip() + " No walk-ins."
        sentences.append(intake_sentence)
        if rng.random() < 0.5 and profile == "home_visit":
            sentences[-1] = "Services are provided in the family's home."

        svc: Json = {
            "id": sid, "organization_id": org["id"], "name": name,
            "description": self.icarol_layout(" ".join(sentences), need, profile),
            "url": web, "email": org["email"], "status": "active",
            "application_process": app, "eligibility_description": elig,
            "fees_description": fees_desc,
            "assured_date": f"2026-{rng.randrange(1, 10):02d}-{rng.randrange(1, 28):02d}",
            "last_modified": f"2026-{rng.randrange(1, 10):02d}-{rng.randrange(1, 28):02d}T"
                             f"{rng.randrange(8, 18):02d}:{rng.randrange(60):02d}:00Z",
        }
        if mn is not None:
            svc["minimum_age"] = mn
        if mx is not None:
            svc["maximum_age"] = mx
        if cost_opts:
            svc["cost_options"] = cost_opts
        docs = self.required_docs(need)
        if docs:
            svc["required_documents"] = docs
        elif rng.random() < 0.2:
            svc["application_process"] += " No documents required."
        if rng.random() < 0.2:
            svc["interpretation_services"] = rng.choice([
                "Language Line interpretation available for all languages",
                "Telephone interpreters available in over 200 languages",
                "Interpreters available on request; please tell us your language when you call",
                "Bilingual staff and phone interpretation for other languages"])
        wait_needs = {"child_care": 0.5, "housing_search": 0.4, "mental_health": 0.35, "shelter": 0.3,
                      "child_mental_health": 0.4, "respite_care": 0.4, "dental_care": 0.3,
                      "rent_assistance": 0.25, "legal_aid": 0.25, "early_intervention": 0.15}
        if rng.random() < wait_needs.get(need, 0.05):
            svc["wait_time"] = rng.choice(["Waiting list of 2-3 months", "Waitlist; about 6 weeks",
                                           "Currently a waiting list for new clients",
                                           "Wait list for subsidized slots; up to 1 year"])
        elif rng.random() < 0.1:
            svc["wait_time"] = rng.choice(["No wait", "Same-day appointments available",
                                           "Usually seen within 1 week"])
        # status
        r = rng.random()
        if r < 0.012:
            svc["status"] = rng.choice(["inactive", "Inactive", "closed"])
        elif r < 0.022:
            svc["status"] = rng.choice(["defunct", "Defunct", "permanently closed"])
        elif r < 0.036:
            svc["status"] = rng.choice(["temporarily closed", "temporarily_closed", "Temporarily Closed"])
            svc["alert"] = rng.choice(["Temporarily closed for renovations; reopening in the spring.",
                                       "Program paused while funding is renewed. Call for updates."])
        elif r < 0.06 and need in ("child_care", "housing_search", "respite_care", "mental_health",
                                    "shelter", "rent_assistance"):
            # closed only in the prose, as staff often leave the status alone
            svc["description"] += rng.choice(["\n\nNOTE: The waiting list is closed.",
                                              " The waiting list is currently closed."])
        # languages at service level
        if svc_langs:
            svc["languages"] = [self.language(c, rng.choice(LANG_NOTES) if c not in ("en",) and
                                              rng.random() < 0.3 else None) for c in svc_langs]
            if rng.random() < 0.35 and len(svc_langs) > 1:
                main_phone["languages"] = [self.language(c) for c in svc_langs[:3]]
            es = [lg for lg in svc["languages"] if lg["code"] == "es"]
            if es and rng.random() < 0.08:               # help in Spanish with a limit
                note = rng.choice(SCOPED_LANGUAGE_NOTES)
                es[0]["note"] = note
                if "tax" in note:
                    svc["description"] = svc["description"].replace(
                        what, what + " Free tax preparation (VITA) is offered February to April.", 1)
        if rng.random() < 0.1:
            svc["interpretation_services"] = rng.choice(LOOSE_INTERPRETATION)
        self.messy_child_ids(svc, main_phone)
        # taxonomy
        attrs = []
        tx = self.taxonomy_for(need)
        if tx:
            attrs.append(self.attribute(sid, self.taxonomy_term(*tx)))
            if secondary:
                tx2 = self.taxonomy_for(secondary)
                if tx2 and tx2[0] == tx[0]:
                    attrs.append(self.attribute(sid, self.taxonomy_term(*tx2)))
        if attrs and tx and rng.random() < 0.18:
            # A who-is-served label beside what the service is, as real category
            # and keyword columns carry them; sometimes listed first.
            wcode, wname = rng.choice(WHO_LABELS)
            who = self.attribute(sid, self.taxonomy_term("Open Eligibility", wcode, wname))
            attrs.insert(0 if rng.random() < 0.35 else len(attrs), who)
        if attrs:
            svc["attributes"] = attrs

        # sites
        sals: list[Json] = []
        service_scheds: list[Json] = []
        if profile == "confidential":
            svc["service_areas"] = [self.area_county()]
            loc = {"id": self.ids.new("location"), "location_type": "physical",
                   "name": "Confidential location",
                   "description": "Shelter location is confidential; call the hotline for intake.",
                   "latitude": z["lat"], "longitude": z["lon"], "addresses": []}
            sals.append({"id": self.ids.new("service_at_location"), "service_id": sid,
                         "location_id": loc["id"], "location": loc,
                         "description": "Shelter location is confidential; call the hotline for intake.",
                         "schedules": [self.schedule(DAYS, "00:00", "23:59", "phone",
                                                     "Hotline answered 24 hours a day, 7 days a week")]})
            svc["description"] += " Shelter location is confidential; call the hotline for intake."
        elif profile == "hotline":
            svc["service_areas"] = [self.area_county()]
            service_scheds.append(self.schedule(DAYS, "00:00", "23:59", "phone", "24 hours a day, 7 days a week"))
            if base_name == "Psychiatric Urgent Care Center" or rng.random() < 0.3:
                site = org["_sites"][0]
                sals.append(self.sal(sid, site, DAYS, "00:00", "23:59", "in person",
                                     "Open 24/7 for walk-in crisis care", langs=svc_langs))
        elif (profile in ("online", "virtual") and need not in TANGIBLE_NEEDS
              and secondary not in TANGIBLE_NEEDS and rng.random() < 0.45):
            what_v = "Online Services" if profile == "online" else "Virtual Sessions"
            vloc = self.virtual_location(org, what_v)
            s2, htext = self.hours_pattern("online")
            sal = {"id": self.ids.new("service_at_location"), "service_id": sid,
                   "location_id": vloc["id"], "location": vloc}
            if s2:
                sal["schedules"] = s2
            sals.append(sal)
            svc["service_areas"] = [rng.choice([self.area_county(), self.area_state()])]
        elif profile == "phone_only" and rng.random() < 0.25:
            s2, htext = self.hours_pattern("phone")
            service_scheds.extend(s2)
            svc["service_areas"] = [self.area_county()]
        else:
            n = rng.choices([1, 2, 3], weights=[40, 32, 28])[0]
            sites = org["_sites"]
            chosen = sites[:1] + rng.sample(sites[1:], min(n - 1, len(sites) - 1))
            for site in chosen:
                s2, htext = self.hours_pattern(attending)
                sal = {"id": self.ids.new("service_at_location"), "service_id": sid,
                       "location_id": site["id"], "location": self.site_copy(site, lang_codes, svc_langs)}
                if s2:
                    sal["schedules"] = s2
                    if rng.random() < 0.3:
                        sal["description"] = f"Hours: {htext}."
                else:
                    sal["description"] = f"Hours: {htext}."
                sals.append(sal)
            areas, area_sentence = self.service_areas(z)
            svc["service_areas"] = areas
            if area_sentence:
                svc["eligibility_description"] = (area_sentence + " " + svc["eligibility_description"]
                                                  if rng.random() < 0.5 else
                                                  svc["eligibility_description"] + " " + area_sentence)
            if profile == "home_visit":
                for sal in sals:
                    sal["description"] = ("Office for staff only; services are delivered by home visit. "
                                          "No walk-ins.")
                    for s in sal.get("schedules", []):
                        s["attending_type"] = "home visit"
        if service_scheds:
            svc["schedules"] = service_scheds
        if sals:
            svc["service_at_locations"] = sals
        if not svc.get("service_areas"):
            svc.pop("service_areas", None)
        svc["phones"] = phones
        svc["organization"] = self.org_public(org)
        return svc

    def sal(self, sid: str, site: Json, days: list[str], o: str, c: str, attending: str,
            desc: str, langs: list[str]) -> Json:
        """A service_at_location with one schedule."""
        return {"id": self.ids.new("service_at_location"), "service_id": sid, "location_id": site["id"],
                "location": self.site_copy(site, langs, langs),
                "schedules": [self.schedule(days, o, c, attending, desc)]}

    def site_copy(self, site: Json, lang_codes: list[str], svc_langs: list[str]) -> Json:
        """A copy of an organization site, with location-level languages on some."""
        return json.loads(json.dumps(site))

    def area_county(self, wording: str | None = None) -> Json:
        """Service area: Los Angeles County, in one of the ways staff write it."""
        name = wording or self.rng.choice(COUNTY_WORDING)
        area: Json = {"id": self.ids.new("service_area"), "name": name, "extent_type": "text"}
        if name == "Countywide" or self.rng.random() < 0.3:
            area["description"] = "All of Los Angeles County"
        return area

    def area_state(self) -> Json:
        """Service area: California statewide."""
        return {"id": self.ids.new("service_area"), "name": "California",
                "description": "Statewide", "extent_type": "text"}

    def region_name(self, z: Json) -> str | None:
        """A region name staff would write for the ZIP (None when the ZIP is in none)."""
        regs = self.regions_by_zip.get(z["zip"])
        if not regs:
            return None
        reg = regs[0] if self.rng.random() < 0.6 else self.rng.choice(regs)
        return self.rng.choice(REGION_WORDING[reg])

    def near_cities(self, z: Json, n: int) -> list[str]:
        """``z``'s city and up to ``n - 1`` nearby city names, in a stable order."""
        cities = [z["city"]]
        for _ in range(n * 3):
            c = self.near_zip(z, 0.09)["city"]
            if c not in cities:
                cities.append(c)
            if len(cities) == n:
                break
        return cities

    @staticmethod
    def join_cities(cities: list[str]) -> str:
        """"A", "A and B", "A, B and C"."""
        return cities[0] if len(cities) == 1 else ", ".join(cities[:-1]) + " and " + cities[-1]

    def service_areas(self, z: Json) -> tuple[list[Json], str | None]:
        """The service area of a site-based service, written as 211 staff write it.

        Returns
        -------
        tuple
            (HSDS ``service_areas``, a sentence for ``eligibility_description``
            or None).  About one in five services states no area; about one in
            eight states it only in the eligibility prose.
        """
        rng = self.rng
        r = rng.random()
        region = self.region_name(z)
        city = z["city"]
        if r < 0.20:
            return [], None
        if r < 0.33:                                     # only in the eligibility prose
            k = rng.random()
            if region and k < 0.45:
                sent = rng.choice([f"Residents of {region}.", f"Serves {region}.",
                                   f"Must live in {region}.", f"{region} residents only.",
                                   f"Residents of {region} only."])
            elif k < 0.7:
                joined = self.join_cities(self.near_cities(z, rng.randrange(1, 4)))
                sent = rng.choice([f"Residents of {joined}.", f"Serves {joined} residents.",
                                   f"Must live in {joined}.", f"{joined} residents only."])
            elif k < 0.85:
                sent = rng.choice(["Residents of Los Angeles County.", "Serves Los Angeles Co.",
                                   "Must live in Los Angeles County.",
                                   "Open to any resident of Los Angeles County.",
                                   "L.A. County residents only."])
            else:
                near = sorted({self.near_zip(z, 0.06)["zip"] for _ in range(rng.randrange(2, 6))}
                              | {z["zip"]})
                sent = rng.choice([f"Residents of ZIP codes {', '.join(near)}.",
                                   f"Serving zip codes: {', '.join(near)}."])
            return [], sent
        if r < 0.45 and region:                          # a region name
            area: Json = {"id": self.ids.new("service_area"), "name": region}
            if rng.random() < 0.3:
                area["description"] = rng.choice([f"Serves {region}", f"{region} and nearby areas",
                                                  f"Residents of {region}"])
            return [area], None
        if r < 0.55:                                     # a ZIP list
            near = sorted({self.near_zip(z, 0.07)["zip"] for _ in range(rng.randrange(2, 7))} | {z["zip"]})
            if region and rng.random() < 0.4:            # a region name whose extent lists ZIPs
                return [{"id": self.ids.new("service_area"), "name": region,
                         "extent": ",".join(near), "extent_type": "text"}], None
            return [{"id": self.ids.new("service_area"), "name": ", ".join(near),
                     "description": f"Residents of ZIP codes {', '.join(near)}",
                     "extent": ",".join(near), "extent_type": "text"}], None
        if r < 0.68:                                     # a city, a city area or a few cities
            k = rng.random()
            if k < 0.3:
                name = f"City of {city}"
            elif k < 0.5:
                name = f"{city} area"
            elif k < 0.6:
                name = f"Greater {city}"
            elif k < 0.85:
                name = self.join_cities(self.near_cities(z, rng.randrange(2, 4)))
            else:
                name = city
            area = {"id": self.ids.new("service_area"), "name": name}
            if rng.random() < 0.4:
                area["description"] = f"Residents of {name}"
            return [area], None
        if r < 0.92:
            return [self.area_county()], None
        if r < 0.97:
            return [self.area_state()], None
        # GeoJSON polygon: an octagon of radius ~6-12 km around the ZIP centroid
        rad = rng.uniform(6, 12) * 1000
        ring = []
        for k in range(9):
            t = 2 * math.pi * (k % 8) / 8
            ring.append([round(z["lon"] + rad * math.sin(t) / (111_320 * math.cos(math.radians(z["lat"]))), 5),
                         round(z["lat"] + rad * math.cos(t) / 111_320, 5)])
        geo = {"type": "Polygon", "coordinates": [ring]}
        return [{"id": self.ids.new("service_area"), "name": f"{city} catchment area",
                 "description": f"Catchment area around {city}",
                 "extent": json.dumps(geo, separators=(",", ":")), "extent_type": "geojson"}], None

    def org_public(self, org: Json) -> Json:
        """The organization object embedded in each service (no private keys)."""
        return {k: v for k, v in org.items() if not k.startswith("_") and k != "type"}

    # -- fixed safety resources ----------------------------------------------
    def safety_services(self) -> list[Json]:
        """988, county access line, crisis text line, DV hotlines and confidential shelters."""
        out: list[Json] = []
        all_langs = ["en", "es", "ko", "zh", "hy", "tl", "vi", "fa", "ru", "ja", "km", "ar", "ase"]

        def mk_org(name: str, desc: str, web: str) -> Json:
            return {"id": self.ids.new("organization"), "name": name, "description": desc,
                    "website": web, "type": "safety"}

        def term(tax: str, code: str, name: str, sid: str) -> Json:
            return self.attribute(sid, self.taxonomy_term(tax, code, name))

        # 988
        org = mk_org("988 Suicide & Crisis Lifeline",
                     "The national network of local crisis centers reachable by calling or texting 988.",
                     "https://988lifeline.org")
        sid = self.ids.new("service")
        out.append({
            "id": sid, "organization_id": org["id"], "organization": self.org_public(org),
            "name": "988 Suicide & Crisis Lifeline", "status": "active", "url": "https://988lifeline.org",
            "description": ("Free, confidential crisis line for anyone in suicidal crisis or emotional distress, "
                            "and for people worried about a loved one. Call or text 988, or chat online, "
                            "24 hours a day, 7 days a week. Trained crisis counselors provide support and "
                            "connect callers to local mobile crisis and mental health services."),
            "application_process": "Call or text 988, or chat online at 988lifeline.org. No appointment needed.",
            "eligibility_description": "Anyone, any age.", "fees_description": "Free",
            "interpretation_services": "Interpretation available in over 240 languages; Spanish line (press 2)",
            "cost_options": [{"id": self.ids.new("cost_option"), "option": "All callers", "amount": 0,
                              "currency": "USD", "amount_description": "Free"}],
            "phones": [self.phone("", "voice", "Call 24/7; press 2 for Spanish", number="988",
                                  languages=[self.language("en"), self.language("es")]),
                       self.phone("", "text", "Text 24/7", number="988")],
            "languages": [self.language(c) for c in all_langs],
            "schedules": [self.schedule(DAYS, "00:00", "23:59", "phone", "24 hours a day, 7 days a week")],
            "service_areas": [{"id": self.ids.new("service_area"), "name": "United States",
                               "description": "Nationwide", "extent_type": "text"}],
            "attributes": [term("211HSIS", "RP-1500.1400-800", "Suicide Prevention Hotlines", sid),
                           term("Open Eligibility", "1305", OE_NAMES["1305"], sid)],
        })
        # County mental-health access line
        org = mk_org("County Mental Health Access Center",
                     "The county's 24/7 mental health access and referral line (synthetic sample record).",
                     "https://www.countymhaccess.example.org")
        sid = self.ids.new("service")
        out.append({
            "id": sid, "organization_id": org["id"], "organization": self.org_public(org),
            "name": "24/7 Mental Health Access Line", "status": "active",
            "description": ("Countywide help line for mental health crisis, psychiatric emergency and "
                            "referrals to county clinics. Staff can dispatch a mobile crisis team. "
                            "Available 24 hours a day, 7 days a week, in many languages."),
            "application_process": "Call (800) 555-0134 any time. No appointment or referral needed.",
            "eligibility_description": "Residents of Los Angeles County of all ages.",
            "fees_description": "Free",
            "interpretation_services": "Language Line interpretation available for all languages",
            "phones": [self.phone("800", "voice", "24/7 access line", number="(800) 555-0134",
                                  languages=[self.language("en"), self.language("es")]),
                       self.phone("800", "textphone", "TTY", number="(800) 555-0135")],
            "languages": [self.language(c) for c in ["en", "es", "ko", "zh", "hy", "vi", "tl"]],
            "schedules": [self.schedule(DAYS, "00:00", "23:59", "phone", "24 hours a day, 7 days a week")],
            "service_areas": [self.area_county("Los Angeles County")],
            "attributes": [term("211HSIS", "RP-1500.1400", "Crisis Intervention Hotlines/Helplines", sid)],
        })
        # Crisis text line (fictional)
        org = mk_org("Textline for Families", "A regional crisis text service (synthetic sample record).",
                     "https://www.textlineforfamilies.example.org")
        sid = self.ids.new("service")
        out.append({
            "id": sid, "organization_id": org["id"], "organization": self.org_public(org),
            "name": "Crisis Text Line for Parents and Teens", "status": "active",
            "description": ("Text-based crisis intervention for parents, caregivers and teens who are "
                            "overwhelmed, anxious or thinking about suicide. Trained volunteers answer "
                            "texts 24/7. Text only; there is no voice line."),
            "application_process": "Text TALK to (213) 555-0188. Text only; no phone calls.",
            "eligibility_description": "Anyone age 13 and older.", "minimum_age": 13,
            "fees_description": "Free; standard message rates may apply",
            "phones": [self.phone("213", "text", "Text TALK, 24/7", number="(213) 555-0188",
                                  languages=[self.language("en"), self.language("es")])],
            "languages": [self.language("en"), self.language("es")],
            "schedules": [self.schedule(DAYS, "00:00", "23:59", "online", "Text 24 hours a day")],
            "service_areas": [self.area_state()],
            "attributes": [term("Open Eligibility", "1305", OE_NAMES["1305"], sid)],
        })
        # National DV hotline (real, public)
        org = mk_org("National Domestic Violence Hotline",
                     "National 24/7 hotline for people affected by domestic violence.",
                     "https://www.thehotline.org")
        sid = self.ids.new("service")
        out.append({
            "id": sid, "organization_id": org["id"], "organization": self.org_public(org),
            "name": "National Domestic Violence Hotline", "status": "active", "url": "https://www.thehotline.org",
            "description": ("Confidential support for survivors of domestic violence and intimate partner "
                            "violence, 24 hours a day. Advocates help with safety planning and connect "
                            "callers to local shelters and legal help. Call 1-800-799-7233, text START to "
                            "88788 or chat online."),
            "application_process": "Call 1-800-799-7233 or text START to 88788, any time.",
            "eligibility_description": "Anyone affected by relationship abuse.", "fees_description": "Free",
            "interpretation_services": "Interpretation available in over 200 languages",
            "phones": [self.phone("800", "voice", "24/7 hotline", number="1-800-799-7233",
                                  languages=[self.language("en"), self.language("es")]),
                       self.phone("800", "text", "Text START", number="88788")],
            "languages": [self.language(c) for c in ["en", "es", "ase"]],
            "schedules": [self.schedule(DAYS, "00:00", "23:59", "phone", "24/7")],
            "service_areas": [{"id": self.ids.new("service_area"), "name": "United States",
                               "description": "Nationwide", "extent_type": "text"}],
            "attributes": [term("211HSIS", "RP-1500.1400-200", "Domestic Violence Hotlines", sid)],
        })
        # County DV hotlines and confidential shelters (fictional)
        dv_regions = [("South Los Angeles", "90011"), ("San Fernando Valley", "91405"),
                      ("Long Beach and Harbor", "90813"), ("San Gabriel Valley", "91776"),
                      ("Antelope Valley", "93535"), ("East Los Angeles", "90022")]
        for i, (region, zc) in enumerate(dv_regions):
            z = self.zip_by_code.get(zc) or self.zips[0]
            area = z["area_codes"][0]
            org = mk_org(f"{ADJ[(i * 7) % len(ADJ)]} Haven - {region}",
                         f"A nonprofit domestic violence agency serving the {region} (synthetic).",
                         f"https://www.haven{i + 1}.example.org")
            hot = f"({area}) 555-01{50 + i:02d}"
            sid = self.ids.new("service")
            langs = ["en", "es"] + (["ko"] if i == 3 else []) + (["zh"] if i == 3 else []) + \
                (["km"] if i == 2 else [])
            out.append({
                "id": sid, "organization_id": org["id"], "organization": self.org_public(org),
                "name": f"{region} Domestic Violence Hotline", "status": "active",
                "description": (f"24-hour domestic violence hotline for the {region}. Advocates provide "
                                "crisis counseling, safety planning and referrals to emergency shelter, "
                                "restraining order help and counseling for children."),
                "application_process": f"Call {hot} any time, day or night.",
                "eligibility_description": "Survivors of domestic violence and their children.",
                "fees_description": "Free and confidential",
                "phones": [self.phone(area, "voice", "24-hour hotline", number=hot,
                                      languages=[self.language(c) for c in langs])],
                "languages": [self.language(c) for c in langs],
                "schedules": [self.schedule(DAYS, "00:00", "23:59", "phone", "24 hours a day")],
                "service_areas": [self.area_county("Los Angeles County")],
                "attributes": [term("Open Eligibility", "1124", OE_NAMES["1124"], sid)],
            })
            sid = self.ids.new("service")
            loc = {"id": self.ids.new("location"), "location_type": "physical",
                   "name": "Confidential location",
                   "description": "Shelter location is confidential; call the hotline for intake.",
                   "latitude": z["lat"], "longitude": z["lon"], "addresses": []}
            out.append({
                "id": sid, "organization_id": org["id"], "organization": self.org_public(org),
                "name": "Emergency Domestic Violence Shelter", "status": "active",
                "description": ("Confidential emergency shelter for survivors of domestic violence and their "
                                "children, with case management, counseling and legal advocacy. Shelter "
                                "location is confidential; call the hotline for intake."),
                "application_process": f"Call the 24-hour hotline at {hot} for intake. No walk-ins.",
                "eligibility_description": "Survivors of domestic violence and their children.",
                "fees_description": "Free",
                "wait_time": "Beds are limited; hotline staff will help find space in another shelter if full",
                "phones": [self.phone(area, "voice", "24-hour hotline", number=hot)],
                "languages": [self.language(c) for c in langs],
                "service_areas": [self.area_county("Los Angeles County")],
                "attributes": [term("211HSIS", "BH-1800.1500-100", "Domestic Violence Shelters", sid),
                               term("Open Eligibility", "1125", OE_NAMES["1125"], sid)],
                "service_at_locations": [{
                    "id": self.ids.new("service_at_location"), "service_id": sid,
                    "location_id": loc["id"], "location": loc,
                    "description": "Shelter location is confidential; call the hotline for intake.",
                    "schedules": [self.schedule(DAYS, "00:00", "23:59", "phone", "Intake by phone 24/7")]}],
            })
        return out

    # -- assemble ---------------------------------------------------------------
    def build(self) -> list[Json]:
        """Generate all services.

        Returns
        -------
        list of dict
            HSDS 3.0 service objects.
        """
        rng = self.rng
        orgs = self.organizations()
        by_need: dict[str, list[Json]] = {n: [] for n in NEED_TARGETS}
        for org in orgs:
            for n in ORG_TYPES[org["type"]]["needs"]:
                by_need[n].append(org)
        slots = [n for n, k in NEED_TARGETS.items() for _ in range(k)]
        rng.shuffle(slots)
        load: Counter[str] = Counter()
        seen: set[tuple[str, str, str]] = set()
        services: list[Json] = self.safety_services()
        for need in slots:
            cands = by_need[need]
            sample = rng.sample(cands, min(4, len(cands)))
            org = min(sample, key=lambda o: (load[o["id"]], o["id"]))
            load[org["id"]] += 1
            secondary = None
            if rng.random() < 0.15:
                others = [n for n in ORG_TYPES[org["type"]]["needs"] if n != need]
                secondary = rng.choice(others)
            svc = self.service(need, org, secondary)
            key = (org["id"], svc["name"], need)
            if key in seen:
                svc["name"] = f"{svc['name']} ({rng.choice(['Site Program', 'Expanded', 'Family Program', 'Outreach'])})"
            seen.add(key)
            services.append(svc)
        for otype, zc, needs, lang in ANCHORS:
            org = self.make_org(otype, self.zip_by_code[zc], n_sites=1)
            services.extend(self.service(n, org, None, lang) for n in needs)
        services.sort(key=lambda s: (s["organization"]["name"], s["name"], s["id"]))
        return services


def fmt(t: str) -> str:
    """``"17:30"`` -> ``"5:30pm"``."""
    h, m = (int(x) for x in t.split(":"))
    suf = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suf}" if m == 0 else f"{h12}:{m:02d}{suf}"


def dumps(services: list[Json]) -> str:
    """Serialise one service per line, keys sorted (reviewable diffs)."""
    body = ",\n".join(json.dumps(s, ensure_ascii=False, sort_keys=True) for s in services)
    return "[\n" + body + "\n]\n"


def summarize(services: list[Json]) -> Json:
    """Counts for the README and the report.

    Parameters
    ----------
    services : list of dict
        The generated services.

    Returns
    -------
    dict
        Organizations, services, offerings and language shares.
    """
    orgs = {s["organization"]["id"] for s in services}
    offerings = 0
    for s in services:
        phys = [sal for sal in s.get("service_at_locations", [])
                if sal["location"].get("location_type") != "virtual"]
        offerings += len(phys) if phys else 1
    lang = Counter()
    for s in services:
        for c in {lg["code"] for lg in s.get("languages", [])}:
            lang[c] += 1
    return {"organizations": len(orgs), "services": len(services), "offerings": offerings,
            "language_share": {c: round(k / len(services), 3) for c, k in lang.most_common()}}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    ap.add_argument("--quiet", action="store_true", help="do not print a summary")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    services = Generator(args.seed).build()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "services.json"
    path.write_text(dumps(services), encoding="utf-8")
    if not args.quiet:
        info = summarize(services)
        info["bytes"] = path.stat().st_size
        info["seconds"] = round(time.perf_counter() - t0, 2)
        print(json.dumps(info, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
