"""The calculator core: rules data, the unit engine and the command line. No Qt here."""

from .engine import calculate
from .errors import CoreError, InputError, RulesError
from .model import Calculation, ClaimLine, NonBillable, NoteOut, Request
from .rules import Rules, load_rules

__all__ = [
    "Calculation", "ClaimLine", "CoreError", "InputError", "NonBillable", "NoteOut",
    "Request", "Rules", "RulesError", "calculate", "load_rules",
]
