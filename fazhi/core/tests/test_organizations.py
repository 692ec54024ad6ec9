import pytest

from fazhi.core.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_an_organization_path_lists_its_ancestors():
    province = OrganizationFactory()
    city = OrganizationFactory(parent=province)
    county = OrganizationFactory(parent=city)

    county.refresh_from_db()

    assert county.path == f"/{province.pk}/{city.pk}/{county.pk}/"
