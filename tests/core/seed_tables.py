"""Seed 000's allowable disciplines and seed 002's code lists, transcribed by hand.

These are the test suite's own copy of the seeds, typed independently of resources/,
so a slip in the rules data shows up as a failing test.
"""

SEED_000_DISCIPLINES = {
    "H0034": "LPT, LPT-CT, LVN, LVN-CT, MA, MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT, Pharm, "
             "Pharm-CT, RN, RN-CT",
    "90889": "LCSW, LCSW-CT, LMFT, LMFT-CT, LOT, LOT-CT, LPCC, LPCC-CT, LPT, LPT-CT, LVN, LVN-CT, "
             "MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT, PhD-CT/PsyD-CT, PhD/PsyD, RN, RN-CT",
    "96160": "LCSW, LCSW-CT, LMFT, LMFT-CT, LOT, LOT-CT, LPCC, LPCC-CT, LPT, LPT-CT, LVN, LVN-CT, "
             "MA, MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT, PhD-CT/PsyD-CT, PhD/PsyD, RN, RN-CT",
    "99367": "MD/DO, MD/DO-Clerks",
    "99368": "LCSW, LCSW-CT, LMFT, LMFT-CT, LPCC, LPCC-CT, MA, NP, NP-CT, PA, PA-CT, "
             "PhD-CT/PsyD-CT, PhD/PsyD, Pharm, Pharm-CT, RN, RN-CT",
    "T1017": "LCSW, LCSW-CT, LMFT, LMFT-CT, LOT, LOT-CT, LPCC, LPCC-CT, LPT, LPT-CT, LVN, LVN-CT, "
             "MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT, PhD-CT/PsyD-CT, PhD/PsyD, RN, RN-CT",
    "99408": "MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT",
    "99409": "MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT",
    "H2035": "AOD, LCSW, LCSW-CT, LMFT, LMFT-CT, LPCC, LPCC-CT, LPT, LPT-CT, LVN, LVN-CT, MD/DO, "
             "MD/DO-Clerks, NP, NP-CT, PA, PA-CT, PhD-CT/PsyD-CT, PhD/PsyD, Pharm, Pharm-CT",
    "H2015": "AOD, LCSW, LCSW-CT, LMFT, LMFT-CT, LOT, LOT-CT, LPCC, LPCC-CT, LPT, LPT-CT, LVN, "
             "LVN-CT, MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT, RN, RN-CT",
    "H2017": "AOD, LCSW, LCSW-CT, LMFT, LMFT-CT, LOT, LOT-CT, LPCC, LPCC-CT, LPT, LPT-CT, LVN, "
             "LVN-CT, MA, MD/DO, MD/DO-Clerks, NP, NP-CT, PA, PA-CT, Pharm, Pharm-CT",
}

#: code -> (unit length or None for a range code, minimum minutes, range maximum or None)
SEED_000_UNITS = {
    "H0034": (15, 8, None), "90889": (15, 8, None), "96160": (15, 8, None),
    "99367": (None, 30, 1440), "99368": (None, 30, 1440), "T1017": (15, 8, None),
    "99408": (None, 15, 30), "99409": (None, 31, None), "H2035": (60, 31, None),
    "H2015": (15, 8, None), "H2017": (15, 8, None),
}

#: every ECM combination of seed 002
SEED_002_ECM = [
    "G9008 U1", "G9008 U1 GQ", "G9008 U8", "G9008 U8 GQ",
    "G9012 U2", "G9012 U2 GQ", "G9012 U8", "G9012 U8 GQ", "G9007",
]

#: every Community Supports code+modifier pair of seed 002 -> its unit basis id
SEED_002_CS = {
    "H0043 U6": "per-diem", "H2016 U6": "per-diem", "H0044 U2": "per-month",
    "T2040 U6": "per-15-minutes", "T2050 U6": "per-diem", "T2041 U6": "per-15-minutes",
    "T2051 U6": "per-diem", "H0043 U3": "per-diem", "H0044 U3": "per-month",
    "T2033 U6": "per-diem", "H0045 U6": "per-diem", "S5151 U6": "per-diem",
    "S9125 U6": "per-diem", "T2012 U6": "per-diem", "T2014 U6": "per-diem",
    "T2018 U6": "per-diem", "T2020 U6": "per-diem", "H2014 U6": "per-15-minutes",
    "H2038 U6": "per-diem", "H2024 U6": "per-diem", "H2026 U6": "per-diem",
    "T2038 U4": "per-service", "H2022 U5": "per-diem", "T2038 U5": "per-service",
    "S5130 U6": "per-15-minutes", "T1019 U6": "per-15-minutes", "S5165 U6": "per-service",
    "S5170 U6": "per-meal", "S9470 U6": "unstated", "S9977 U6": "per-diem",
    "H0014 U6": "unstated", "S5165 U5": "per-service",
    "T1016 U8": "per-15-minutes", "T1016 U8 GQ": "per-15-minutes",
}

#: pairs that may not both be reported for one member on one day (footnotes 8, 9, 11)
SEED_002_EXCLUSIVE = [("T2040 U6", "T2050 U6"), ("T2041 U6", "T2051 U6"),
                      ("H2014 U6", "H2038 U6")]

#: codes that need an amount on the encounter
SEED_002_AMOUNT = {"H0044 U2", "T2038 U4", "H2022 U5", "T2038 U5", "S5165 U6"}


def split(listing: str) -> list[str]:
    return [x.strip() for x in listing.split(",")]
