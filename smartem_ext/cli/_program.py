"""The program's name and exit statuses, shared by every ``smartem-ext`` command."""

PROG = "smartem-ext"

EXIT_OK = 0
EXIT_FAILED = 1
"""The command ran and found a problem, or the backend refused."""
EXIT_UNREACHABLE = 2
"""No usable answer from the backend: refused, reset or timed-out connection."""
