"""The calculator core: rules data, the unit engine and the command line. No Qt here."""

#: the app's own version (the rules data has its own, in rules.toml); pyproject.toml matches
__version__ = "0.2.0"

from .engine import calculate  # noqa: E402 - after __version__, which catalog reads
from .errors import CoreError, InputError, RulesError  # noqa: E402
from .model import Calculation, ClaimLine, Kept, NonBillable, NoteOut, Problem, Request  # noqa: E402,E501
from .packs import Library, PackExists, PackInfo  # noqa: E402
from .rules import Rules, load_rules  # noqa: E402

__all__ = [
    "Calculation", "ClaimLine", "CoreError", "InputError", "Kept", "Library", "NonBillable", "NoteOut",
    "PackExists", "PackInfo", "Problem", "Request", "Rules", "RulesError", "__version__",
    "calculate", "load_rules",
]
