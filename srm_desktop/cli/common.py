"""What every ``srm`` command shares: the exit codes and opening a project with its provider."""

from __future__ import annotations

from pathlib import Path

from srm_desktop.domain.errors import InputError
from srm_desktop.domain.project import Project
from srm_desktop.domain.provider import Provider, get_provider
from srm_desktop.formats.project_file import load_project

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


def open_project(path: str | Path) -> tuple[Project, Provider]:
    """The project at ``path`` and its provider; an unknown provider is bad input."""
    project = load_project(path)
    try:
        provider = get_provider(project.provider)
    except InputError:
        problem = f"unknown provider {project.provider!r}"
        raise InputError(str(path), problem, "$.provider") from None
    return project, provider
