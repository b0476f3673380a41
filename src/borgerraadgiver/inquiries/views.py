from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def worklist(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def create(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def list(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})

