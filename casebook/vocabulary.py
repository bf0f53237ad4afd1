"""The closed vocabularies of ../shared/annotation-schema.md, in one place (build, case records, corrections)."""

from __future__ import annotations

MISCONDUCT = {
    "sexual_abuse": "Sexual contact or acts with a person in custody (sexual abuse of a ward, institutional sexual assault, custodial sexual misconduct).",
    "inappropriate_relationship": "A relationship, letters, calls or intimacy short of a charged sexual act; the usual UK 'misconduct in public office' case.",
    "contraband_smuggling": "Bringing prohibited items into a prison or jail.",
    "bribery": "Money or goods taken for favours or smuggling.",
    "escape_assistance": "Helping a person in custody to escape.",
    "excessive_force": "Force used on a person in custody beyond what the law allows.",
    "information_leak": "Passing security information.",
    "fraud_other": "Fraud or other dishonesty connected with the job.",
}
CONTRABAND = {
    "phone": "Mobile phones, SIM cards, chargers.",
    "drugs": "Any controlled substance, including Suboxone / buprenorphine strips and synthetic cannabinoids (spice, K2).",
    "tobacco": "Cigarettes, tobacco, vapes.",
    "alcohol": "Alcohol.",
    "weapon": "Knife, firearm, ammunition.",
    "tools": "Hacksaw blades, chisels, screwdriver bits.",
    "cash": "Cash.",
    "other": "Anything else prohibited.",
}

ROLES = ("correctional_officer", "supervisor", "healthcare", "education_vocational", "chaplain", "contractor",
         "administrative", "transport_officer", "probation_parole", "other_staff")
GENDERS = ("male", "female", "unknown")
INMATE_GENDERS = ("male", "female", "mixed", "unknown")
GENDER_DYNAMICS = ("male_staff_female_inmate", "female_staff_male_inmate", "male_staff_male_inmate",
                   "female_staff_female_inmate", "unknown")
STAGES = ("investigation", "arrested", "charged", "pleaded_guilty", "convicted", "acquitted", "dismissed", "sentenced", "appeal")
DISPOSITIONS = ("pleaded_guilty", "convicted_at_trial", "acquitted", "dismissed", "pending")
FACILITY_KINDS = ("federal_prison", "state_prison", "county_jail", "private_contract_facility", "juvenile_facility",
                  "immigration_detention", "uk_prison", "uk_young_offender_institution", "police_custody", "other")
SYSTEMS = ("federal", "state", "national")
CURRENCIES = ("USD", "GBP")
# How far a case has gone, for picking the latest document of a case (a later stage wins a tie on date).
STAGE_ORDER = {s: i for i, s in enumerate(("investigation", "arrested", "charged", "pleaded_guilty", "convicted",
                                           "sentenced", "appeal", "acquitted", "dismissed"))}


def case_status(stage: str | None) -> str:
    """alleged / convicted / acquitted / dismissed, from the latest stage (presumption of innocence first)."""
    if stage in ("acquitted", "dismissed"):
        return stage
    if stage in ("pleaded_guilty", "convicted", "sentenced", "appeal"):
        return "convicted"
    return "alleged"
