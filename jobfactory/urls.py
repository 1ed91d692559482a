from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jobfactory.api.api import api
from jobfactory.referentials import views as referential_views
from jobfactory.security import views as security_views
from jobfactory.territories import views as territory_views

urlpatterns = [
    path("", territory_views.home, name="home"),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("connexion/second-facteur/", security_views.two_factor, name="two_factor"),
    path("connexion/second-facteur/activer/", security_views.two_factor_setup, name="two_factor_setup"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("territoires/", include("jobfactory.territories.urls")),
    path("volontaires/", include("jobfactory.people.urls")),
    path("volontaires/", include("jobfactory.privacy.urls")),
    path("emploi/", include("jobfactory.staffing.urls")),
    path("activites/", include("jobfactory.activities.urls")),
    path("finances/", include("jobfactory.finance.urls")),
    path("finances/bilan/", include("jobfactory.finance.urls_ledger")),
    path("rapports/", include("jobfactory.reporting.urls")),
    path("exports/", include("jobfactory.reporting.urls_exports")),
    path("donnees-ouvertes/", include("jobfactory.reporting.urls_open_data")),
    path("sources/", referential_views.sources, name="sources"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
