"""Casework routes, under /henvendelser/ beside the inquiry pages they belong to.

Each area keeps its own list (screening, department requests and deadlines,
statements, letters); this module joins them under one namespace.
"""

from . import letters_urls, requests_urls, screening_urls, statements_urls

app_name = "casework"
urlpatterns = [
    *screening_urls.urlpatterns,
    *requests_urls.urlpatterns,
    *statements_urls.urlpatterns,
    *letters_urls.urlpatterns,
]
