"""``srm explain KEY[:VARIANT]``: what the rule book says about a service, area by area."""

from __future__ import annotations

import argparse
import shutil
from typing import TextIO

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.explain import explain_service, render_text
from srm_desktop.domain.provider import get_provider


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    provider = get_provider(args.provider)
    try:
        answer = explain_service(provider, args.service)
    except LookupError as exc:
        raise InputError("explain", str(exc).strip("'\"")) from None
    width = max(60, min(shutil.get_terminal_size((100, 24)).columns, 120))
    out.write(render_text(answer, width))
    return 0
