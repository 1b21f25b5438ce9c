"""The case records. Each module holds one part; everything is importable from here.

contact.py and chronology.py belong to the safe-contact and chronology work; they are imported
when present so either part can land first.
"""

from importlib.util import find_spec

from .case import *  # noqa: F403
from .people import *  # noqa: F403
from .search import *  # noqa: F403

if find_spec("haven.cases.models.contact") is not None:
    from .contact import *  # noqa: F403
if find_spec("haven.cases.models.chronology") is not None:
    from .chronology import *  # noqa: F403
from .safeguarding import *  # noqa: F403
