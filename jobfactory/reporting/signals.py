"""Whatever changes a territory's people or contracts makes its stored series stale.

Signals rather than calls from the services: every path that saves (services, admin, imports)
is covered, and people/staffing do not depend on reporting. Bulk writes send no signal: the
commands that make them run `refresh_reporting` after."""

from django.db.models.signals import post_delete, post_save

from jobfactory.people.models import CommitteeDecision, Person
from jobfactory.reporting.series import mark_stale
from jobfactory.staffing.models import Amendment, Contract


def _person(sender, instance, **kwargs):
    mark_stale(instance.territory_id)


def _of_person(sender, instance, **kwargs):
    mark_stale(Person.objects.filter(pk=instance.person_id).values_list("territory_id", flat=True).first())


def _amendment(sender, instance, **kwargs):
    mark_stale(Contract.objects.filter(pk=instance.contract_id)
               .values_list("person__territory_id", flat=True).first())


def connect() -> None:
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(_person, sender=Person, dispatch_uid=f"series-person-{name}")
        signal.connect(_of_person, sender=CommitteeDecision, dispatch_uid=f"series-decision-{name}")
        signal.connect(_of_person, sender=Contract, dispatch_uid=f"series-contract-{name}")
        signal.connect(_amendment, sender=Amendment, dispatch_uid=f"series-amendment-{name}")
