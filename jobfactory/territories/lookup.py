"""Finding a programme, territory or employer from what a command-line user typed."""

from jobfactory.territories.models import Employer, Programme, Territory


def find(model, text: str, **within):
    """The row of ``model`` named ``text`` (or whose id it is) among ``within``'s filters, or None."""
    rows = model.objects.filter(**within)
    found = rows.filter(name=text).first()
    if found is None and text.isdigit():
        found = rows.filter(pk=int(text)).first()
    return found


def find_programme(text: str) -> Programme | None:
    return find(Programme, text)


def find_territory(programme: Programme, text: str) -> Territory | None:
    return find(Territory, text, programme=programme)


def find_employer(programme: Programme, text: str) -> Employer | None:
    return find(Employer, text, programme=programme)
