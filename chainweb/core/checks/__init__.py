"""System checks: problems found in a project's configuration before it serves."""

from __future__ import annotations

from . import builtin as builtin  # registers the built-in checks with ``registry``
from .messages import CRITICAL as CRITICAL
from .messages import DEBUG as DEBUG
from .messages import ERROR as ERROR
from .messages import INFO as INFO
from .messages import WARNING as WARNING
from .messages import CheckMessage as CheckMessage
from .messages import Critical as Critical
from .messages import Debug as Debug
from .messages import Error as Error
from .messages import Info as Info
from .messages import Warning as Warning
from .registry import CheckRegistry as CheckRegistry
from .registry import CheckResult as CheckResult
from .registry import Tags as Tags
from .registry import register as register
from .registry import registry as registry
from .registry import run_checks as run_checks
from .registry import tag_exists as tag_exists
