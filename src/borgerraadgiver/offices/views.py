from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def office_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})
