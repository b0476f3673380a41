from django.urls import path

from . import views

app_name = "inquiries"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("create/", views.create, name="create"),
    path("list/", views.list, name="list"),
]
