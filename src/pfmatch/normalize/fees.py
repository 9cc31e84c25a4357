"""Cost: free / sliding_scale / fee from ``cost_options`` and fees text.

``cost_options`` first: an ``amount`` of 0 → free YES; an amount above 0 →
fee YES; when all amounts are above 0, free NO; when all are 0, fee NO.
Text is read clause by clause: "Free", "No fee", "None.", "No charge",
"Free to eligible clients", "None if eligible" → free; "Sliding scale",
"based on income / ability to pay" → sliding_scale and fee; "$25 per visit",
"flat fee", "premium", "co-pay", "private pay", insurance and Medicaid /
Medi-Cal / Medicare billing → fee.  Donations ("suggested donation") are not
fees.  "See notes", "Varies", "Call for information" say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pfmatch._offering import NO, UNKNOWN, YES, Tri
from pfmatch.normalize._text import as_list

__all__ = ["cost_attributes", "parse_fee_text"]

_CLAUSES = re.compile(r"[;\n]+|\.(?!\d)|,\s+(?=except|but)")
_FREE = re.compile(
    r"^\s*(?:free|none|no|n/?a|\$?0(?:\.00)?|gratis|gratuito)\b(?!\s+(?:for|to)\s+(?:some|those))"
    r"|\bfree of charge\b|\bno (?:fees?|charges?|cost)\b|\bat no (?:cost|charge)\b"
    r"|\bfree to\b|\b(?:is|are|services?|always|completely|totally)\s+free\b|\bwithout charge\b"
    r"|\bno out-of-pocket\b|\bnone if eligible\b|\bno costo?\b|\bsin costo\b",
    re.IGNORECASE,
)
_SLIDING = re.compile(
    r"\bsliding(?:[- ]fee)?[- ]scale\b|\bsliding fees?\b|\bbased on (?:your |family |household )?"
    r"(?:income|ability to pay)\b|\b(?:vary|varies|depend\w*) (?:according to|on|by) (?:family )?"
    r"income\b|\bincome[- ]based fees?\b|\bescala (?:de pago )?m[oó]vil\b",
    re.IGNORECASE,
)
_FEE = re.compile(
    r"\$\s*\d|\b\d+(?:\.\d\d)?\s*(?:dollars|usd)\b|\bflat fee\b|\b(?:application|administration|"
    r"registration|membership|consultation|enrollment|intake|program|tuition) (?:fees?|dues)\b"
    r"|\bfees? (?:of|is|are|apply|required|charged)\b|\bper (?:visit|session|hour|class|month|"
    r"week|day|year|night)\b|\bpremiums?\b|\bco-?pays?\b|\bprivate pay\b|\bself-?pay\b|"
    r"\bfees? (?:vary|varies)\b|\bcharges? (?:a|for)\b|\bcosts? \$",
    re.IGNORECASE,
)
#: Billing insurance: the service charges, but an insured family may pay nothing.
_INSURANCE = re.compile(
    r"\binsurance\b|\bmedicaid\b|\bmedi-?cal\b|\bmedicare\b|\bmedical assistance\b|\bchip\b",
    re.IGNORECASE,
)
_PAYMENT = re.compile(
    r"\bpayment methods?\b|\b(?:cash|checks?|credit cards?|money orders?)\b.*\baccepted\b",
    re.IGNORECASE,
)
_DONATION = re.compile(r"\bdonations?\b|\bcontributions?\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def parse_fee_text(text: str) -> tuple[Tri, Tri, Tri]:
    """(free, sliding_scale, fee) from a fees text.  Never raises.

    Examples
    --------
    >>> parse_fee_text("None.")
    (1, -1, 0)
    >>> parse_fee_text("$25 per visit")
    (0, -1, 1)
    """
    if not isinstance(text, str) or not text.strip():
        return UNKNOWN, UNKNOWN, UNKNOWN
    free_sig = fee_sig = slide_sig = insurance_sig = payment_sig = donation_sig = False
    for clause in _CLAUSES.split(text):
        if not clause.strip():
            continue
        if _SLIDING.search(clause):
            slide_sig = True
            continue
        if _FREE.search(clause):
            free_sig = True
            # "None, except for permits" / "Free; $5 for copies" still carry a fee.
            if re.search(r"\bexcept\b", clause, re.IGNORECASE):
                fee_sig = True
            continue
        if _DONATION.search(clause):
            donation_sig = True
            continue
        if _FEE.search(clause):
            fee_sig = True
        elif _INSURANCE.search(clause):
            insurance_sig = True
        elif _PAYMENT.search(clause):
            payment_sig = True
    if payment_sig and not (donation_sig or free_sig):
        fee_sig = True
    sliding: Tri = YES if slide_sig else UNKNOWN
    if free_sig:
        free: Tri = YES
    elif fee_sig and not slide_sig:
        free = NO
    else:
        free = UNKNOWN
    if fee_sig or slide_sig or insurance_sig:
        fee: Tri = YES
    elif free_sig:
        fee = NO
    else:
        fee = UNKNOWN
    return free, sliding, fee


def cost_attributes(cost_options: Any, texts: Iterable[str]) -> dict[str, Tri]:
    """``free``, ``sliding_scale`` and ``fee`` for one service.

    Parameters
    ----------
    cost_options : list of dict
        HSDS 3 ``cost_options`` (``amount``, ``option``, ``amount_description``).
    texts : iterable of str
        ``fees_description`` / ``fees`` text.
    """
    free: Tri = UNKNOWN
    sliding: Tri = UNKNOWN
    fee: Tri = UNKNOWN
    amounts: list[float] = []
    option_texts: list[str] = []
    for opt in as_list(cost_options):
        amount = opt.get("amount")
        try:
            if amount is not None and str(amount).strip() != "":
                amounts.append(float(amount))
        except ValueError:
            pass
        for k in ("option", "amount_description"):
            v = opt.get(k)
            if isinstance(v, str) and v.strip():
                option_texts.append(v)
    if amounts:
        if any(a == 0 for a in amounts):
            free = YES
        if any(a > 0 for a in amounts):
            fee = YES
        if all(a > 0 for a in amounts):
            free = NO
        if all(a == 0 for a in amounts):
            fee = NO
    for text in (*option_texts, *texts):
        t_free, t_slide, t_fee = parse_fee_text(text)
        if t_slide == YES:
            sliding = YES
        if free == UNKNOWN or (free == NO and t_free == YES and not amounts):
            free = t_free if t_free != UNKNOWN else free
        elif t_free == YES and free == NO and amounts:
            pass  # structured amounts win over text
        if fee == UNKNOWN:
            fee = t_fee
        elif t_fee == YES:
            fee = YES
    if sliding == YES and fee == NO:
        fee = YES
    return {"free": free, "sliding_scale": sliding, "fee": fee}
