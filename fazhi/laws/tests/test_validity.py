import datetime as dt

from fazhi.laws.validity import Dates, Status, end, status_on

D = dt.date


def test_a_version_is_not_in_force_before_its_effective_date():
    dates = Dates(promulgated_on=D(2023, 9, 1), effective_on=D(2024, 1, 1))

    assert status_on(dates, D(2023, 12, 31)) == Status.NOT_YET_IN_FORCE
    assert status_on(dates, D(2024, 1, 1)) == Status.IN_FORCE


def test_a_superseded_version_is_amended_from_its_successors_effective_date():
    dates = Dates(D(2017, 9, 1), D(2018, 1, 1), superseded_on=D(2024, 1, 1))

    assert status_on(dates, D(2023, 12, 31)) == Status.IN_FORCE
    assert status_on(dates, D(2024, 1, 1)) == Status.AMENDED


def test_the_earliest_ending_decides_between_repeal_and_expiry():
    dates = Dates(
        D(2000, 1, 1), None, repealed_on=D(2010, 1, 1), expired_on=D(2012, 1, 1)
    )

    assert status_on(dates, D(2011, 1, 1)) == Status.REPEALED
    assert end(dates) == D(2010, 1, 1)


def test_a_version_known_to_have_ended_without_a_date_is_expired():
    dates = Dates(D(2000, 1, 1), D(2000, 6, 1), ended_undated=True)

    assert status_on(dates, D(2020, 1, 1)) == Status.EXPIRED
    assert status_on(dates, D(2000, 3, 1)) == Status.NOT_YET_IN_FORCE
