from datetime import date

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from staff import services
from staff.models import OrgUnit, Rank, StaffMember, User


class OrgUnitFactory(DjangoModelFactory):
    """Built through the service, so the tree path is right."""

    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = OrgUnit.Kind.AGENCY
    level = OrgUnit.Level.COMMUNE
    code = factory.Sequence(lambda n: f"U{n:05d}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.orgunit_create(**kwargs)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def org_units(self, create, extracted, **kwargs):
        if create and extracted:
            self.org_units.set(extracted)


class StaffMemberFactory(DjangoModelFactory):
    """Built through the service, so the derived columns (retirement, next step) are filled."""

    class Meta:
        model = StaffMember

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = "male"
    date_of_birth = date(1985, 5, 20)
    id_number = factory.Sequence(lambda n: f"{n:012d}")
    org_unit = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.staffmember_create(**kwargs)


def rank(code: str = "01.003") -> Rank:
    from staff.models import SalaryStep
    from staff.reference_data import ranks_ensure

    ranks_ensure(Rank, SalaryStep)  # a transactional test may have flushed the migration's rows
    return Rank.objects.get(code=code)
