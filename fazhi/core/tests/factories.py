"""Factories for organizations, accounts and memberships (factory_boy, no fixtures)."""

import factory

from fazhi.core.models import Division, Membership, Organization, Role, User


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{130000 + n * 100:06d}")
    name = factory.Sequence(lambda n: f"测试区划{n}")
    level = Division.Level.COUNTY


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = Organization.Kind.DEPARTMENT
    division = factory.SubFactory(DivisionFactory)
    parent = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.STAFF


def division(code, name, level, parent=None):
    return DivisionFactory(code=code, name=name, level=level, parent=parent)


def org_tree():
    """Province P → city C → county K with agencies A, B and a squad under A;
    another city C2 → county K2 with its own agency. Keys are the names used by
    the authorization-matrix table.
    """
    hebei = division("130000", "河北省", Division.Level.PROVINCE)
    shijiazhuang = division("130100", "石家庄市", Division.Level.CITY, hebei)
    zhengding = division("130123", "正定县", Division.Level.COUNTY, shijiazhuang)
    tangshan = division("130200", "唐山市", Division.Level.CITY, hebei)
    luanan = division("130224", "滦南县", Division.Level.COUNTY, tangshan)
    kind = Organization.Kind
    tree = {}
    tree["P"] = OrganizationFactory(
        name="河北省人民政府", kind=kind.GOVERNMENT, division=hebei
    )
    tree["P_dept"] = OrganizationFactory(
        name="河北省司法厅",
        kind=kind.LEGAL_INSTITUTION,
        division=hebei,
        parent=tree["P"],
    )
    tree["C"] = OrganizationFactory(
        name="石家庄市人民政府",
        kind=kind.GOVERNMENT,
        division=shijiazhuang,
        parent=tree["P"],
    )
    tree["C_dept"] = OrganizationFactory(
        name="石家庄市司法局",
        kind=kind.LEGAL_INSTITUTION,
        division=shijiazhuang,
        parent=tree["C"],
    )
    tree["K"] = OrganizationFactory(
        name="正定县人民政府",
        kind=kind.GOVERNMENT,
        division=zhengding,
        parent=tree["C"],
    )
    tree["K_dept"] = OrganizationFactory(
        name="正定县司法局",
        kind=kind.LEGAL_INSTITUTION,
        division=zhengding,
        parent=tree["K"],
    )
    tree["A"] = OrganizationFactory(
        name="正定县市场监督管理局",
        kind=kind.ENFORCEMENT_AGENCY,
        division=zhengding,
        parent=tree["K"],
    )
    tree["B"] = OrganizationFactory(
        name="正定县综合行政执法局",
        kind=kind.ENFORCEMENT_AGENCY,
        division=zhengding,
        parent=tree["K"],
    )
    tree["A_sub"] = OrganizationFactory(
        name="正定县市场监督管理局稽查大队",
        kind=kind.ENFORCEMENT_AGENCY,
        division=zhengding,
        parent=tree["A"],
    )
    tree["C2"] = OrganizationFactory(
        name="唐山市人民政府", kind=kind.GOVERNMENT, division=tangshan, parent=tree["P"]
    )
    tree["K2"] = OrganizationFactory(
        name="滦南县市场监督管理局",
        kind=kind.ENFORCEMENT_AGENCY,
        division=luanan,
        parent=tree["C2"],
    )
    for organization in tree.values():
        organization.refresh_from_db()
    return tree
