"""Message levels, their default CSS tags, and their names for templates."""

from __future__ import annotations

DEBUG = 10
INFO = 20
SUCCESS = 25
WARNING = 30
ERROR = 40

#: The tag of each level, used in ``Message.level_tag``; ``MESSAGE_TAGS`` overrides entries.
DEFAULT_TAGS: dict[int, str] = {
    DEBUG: "debug",
    INFO: "info",
    SUCCESS: "success",
    WARNING: "warning",
    ERROR: "error",
}

#: The levels by name, given to templates as ``DEFAULT_MESSAGE_LEVELS``.
DEFAULT_LEVELS: dict[str, int] = {
    "DEBUG": DEBUG,
    "INFO": INFO,
    "SUCCESS": SUCCESS,
    "WARNING": WARNING,
    "ERROR": ERROR,
}
