"""The open data, public: aggregates with small counts suppressed, no login needed."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from jobfactory.reporting import open_data
from jobfactory.territories.models import Programme

CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json"}


def index(request):
    programmes = [(programme, open_data.published(programme)) for programme in Programme.objects.all()]
    return render(request, "reporting/open_data.html", {
        "programmes": [(p, meta) for p, meta in programmes if meta],
        "schema": open_data.SCHEMA, "threshold": open_data.THRESHOLD,
    })


def download(request, programme_id, name):
    if name not in open_data.FILES:
        raise Http404
    programme = get_object_or_404(Programme, pk=programme_id)
    path = open_data.directory(programme) / name
    if not path.exists():
        raise Http404
    response = FileResponse(path.open("rb"), content_type=CONTENT_TYPES[path.suffix])
    response["Content-Disposition"] = f'inline; filename="programme-{programme.pk}-{name}"'
    return response
