"""``python -m smartem_ext.cli``: the ``smartem-ext`` command where no script is installed."""

import sys

from smartem_ext.cli._main import main

sys.exit(main())
