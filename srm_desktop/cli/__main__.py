"""``python -m srm_desktop.cli``: the same as the ``srm`` command."""

import sys

from srm_desktop.cli import main

sys.exit(main())
