from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jobfactory.referentials.sources import datasets


@login_required
def sources(request):
    return render(request, "referentials/sources.html", {"datasets": datasets()})
