"""Sphinx configuration for chainweb's documentation (built with warnings as errors)."""

import os
import sys

sys.path.insert(0, os.path.abspath(".."))

import chainweb

project = "chainweb"
release = chainweb.__version__
extensions = ["sphinx.ext.autodoc"]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
exclude_patterns = ["_build"]
html_theme = "alabaster"
