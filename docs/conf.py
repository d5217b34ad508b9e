"""Sphinx configuration: MyST Markdown pages, autodoc from the docstrings, PyData theme.

Built by ``make docs`` with warnings as errors and ``nitpicky`` on: every cross-reference
must resolve. References to other libraries (httpx, attrs, the standard library) have no
inventory to link to offline, so only those are exempt (``nitpick_ignore_regex``).
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(ROOT / "generated"), str(DOCS / "_ext")]

import smartem_ext  # noqa: E402

project = "smartem-client"
author = "SmartEM client contributors"
copyright = "the SmartEM client contributors"
release = smartem_ext.__version__
version = release.split("+")[0]

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinxarg.ext",
    "smartem_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

nitpicky = True
# Other libraries' objects: no inventory is fetched (the build needs no network).
nitpick_ignore_regex = [
    (r"py:.*", r"(?!smartem_ext\b|smartem_api\b)[A-Za-z_]\w*(\.\w+)+"),
]
# Internal types that signatures show by name: the header pairs an error takes and the caps
# an AnswerLimits resolves to for one kind of answer; neither is a public name.
nitpick_ignore = [("py:class", "Pairs"), ("py:class", "smartem_ext.http.Caps")]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_preserve_defaults = True
autodoc_default_options = {"members": True, "undoc-members": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
python_use_unqualified_type_names = True
add_module_names = False

html_theme = "pydata_sphinx_theme"
html_title = f"smartem-client {version}"
html_show_sourcelink = False
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "navbar_align": "left",
    "header_links_before_dropdown": 4,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_context = {"default_mode": "auto"}

# `make docs` checks internal links only: the build machine may have no network.
linkcheck_ignore = [r"https?://.*"]
