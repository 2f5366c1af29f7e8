"""HTML the app writes itself (the organiser's overview table, the projector's panels, the
mail's HTML part) comes from Jinja templates in excursions/templates with autoescape on:
text from route files, people and the catalogue can never become markup, and nobody has
to remember to escape a value by hand."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("excursions", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a value the code forgot is an error, never "None" or ""
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, /, **values: object) -> str:
    """The template excursions/templates/<template>, filled in, every value escaped."""
    return _environment().get_template(template).render(**values)


def render_macro(template: str, macro: str, /, **values: object) -> str:
    """One macro of a template of small parts (e.g. the projector's panels), filled in."""
    return str(getattr(_environment().get_template(template).module, macro)(**values))
