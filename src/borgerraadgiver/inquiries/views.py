from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def inquiry_create(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def inquiry_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    return render(request, "base.html", {})


def inquiry_edit(request: HttpRequest, uid: UUID) -> HttpResponse:
    return render(request, "base.html", {})


def journal_add(request: HttpRequest, uid: UUID) -> HttpResponse:
    return render(request, "base.html", {})


def attachment_download(request: HttpRequest, uid: UUID) -> HttpResponse:
    return render(request, "base.html", {})


def person_lookup(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def org_unit_lookup(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})


def theme_lookup(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html", {})
