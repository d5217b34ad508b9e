"""``smartem-ext``: the SmartEM client on the command line (install the ``cli`` extra).

``_main`` parses arguments and runs health, status and listen; ``_demo`` runs the demo on
the synthetic session of ``_demo_session``; ``_program`` holds the name and exit statuses.
"""

from smartem_ext.cli._main import main
from smartem_ext.cli._program import EXIT_FAILED, EXIT_OK, EXIT_UNREACHABLE, PROG

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_UNREACHABLE", "PROG", "main"]
