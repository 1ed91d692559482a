"""Downloads of lists (reporting.views_exports says who may take which)."""

from django.urls import path, register_converter

from jobfactory.reporting import views_exports as views
from jobfactory.reporting.exports import FORMATS


class FormatConverter:
    regex = "|".join(FORMATS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "exportformat")

app_name = "exports"
urlpatterns = [
    path("territoires/<int:territory_id>/volontaires.<exportformat:fmt>", views.territory_people,
         name="people"),
    path("territoires/<int:territory_id>/liste-attente.<exportformat:fmt>",
         views.territory_waiting_list, name="waiting_list"),
    path("territoires/<int:territory_id>/activites.<exportformat:fmt>", views.territory_activities,
         name="activities"),
    path("programme/volontaires.<exportformat:fmt>", views.programme_people, name="programme_people"),
    path("plans/<uuid:public_id>/affectations.<exportformat:fmt>", views.plan_lines, name="plan"),
]
