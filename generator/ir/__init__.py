"""The intermediate model: everything a target needs, decided once, with no language in it."""

from .model import *  # noqa: F403
from .model import __all__  # noqa: F401
