from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def worklist(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def inquiry_list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def inquiry_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return render(request, "base.html", {})
