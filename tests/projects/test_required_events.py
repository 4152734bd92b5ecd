import datetime as dt

from projects.models import Attendance, RequiredEvent
from targets.models import AssessmentYear, TargetRow, Unit
from tests.conftest import client_for


def event_form(units, **fields):
    data = {
        "year": AssessmentYear.objects.get(year=2023).pk,
        "kind": "training",
        "title": "2023年第一期招商业务培训",
        "held_on": "2023-04-12",
        "place": "县政府第一会议室",
        "units": [u.pk for u in units],
    }
    data.update(fields)
    return data


def test_center_creates_a_required_training_for_the_assessed_units(client, auditor):
    client_for(client, auditor)
    form = client.get("/required-events/new/").context["form"]
    assessed = set(TargetRow.objects.filter(year__year=2023).values_list("unit_id", flat=True))
    assert {u if isinstance(u, int) else u.pk for u in form.initial["units"]} == assessed
    units = list(Unit.objects.filter(name__in=["县文化旅游委", "县交通局"]))
    response = client.post("/required-events/new/", event_form(units))
    event = RequiredEvent.objects.get()
    assert response["Location"] == f"/required-events/{event.pk}/"
    assert set(event.units.all()) == set(units) and event.created_by == auditor


def test_center_records_attendance_and_a_unit_sees_its_own(client, auditor, filer, other_filer):
    units = [filer.unit, other_filer.unit]
    client_for(client, auditor).post("/required-events/new/", event_form(units))
    event = RequiredEvent.objects.get()
    response = client.post(
        f"/required-events/{event.pk}/",
        {
            f"attended_{filer.unit_id}": "on",
            f"excused_{other_filer.unit_id}": "on",
            f"note_{other_filer.unit_id}": "书面请假",
        },
        follow=True,
    )
    assert "2 个单位有变化" in response.content.decode()
    assert Attendance.objects.get(event=event, unit=filer.unit).attended
    assert Attendance.objects.get(event=event, unit=other_filer.unit).excused
    client.logout()
    page = client_for(client, filer).get("/required-events/").content.decode()
    assert "2023年第一期招商业务培训" in page and "已参加" in page
    detail = client.get(f"/required-events/{event.pk}/").content.decode()
    assert "县文化旅游委" in detail and "县交通局" not in detail


def test_attended_and_excused_at_once_is_refused(client, auditor, filer):
    client_for(client, auditor).post("/required-events/new/", event_form([filer.unit]))
    event = RequiredEvent.objects.get()
    response = client.post(
        f"/required-events/{event.pk}/",
        {f"attended_{filer.unit_id}": "on", f"excused_{filer.unit_id}": "on"},
        follow=True,
    )
    assert "不能同时标记为已参加和请假" in response.content.decode()
    assert not Attendance.objects.get(event=event).attended


def test_an_event_needs_units_and_a_date(client, auditor):
    response = client_for(client, auditor).post("/required-events/new/", event_form([], held_on="2023-02-30"))
    form = response.context["form"]
    assert "units" in form.errors and "held_on" in form.errors
    assert not RequiredEvent.objects.exists()


def test_units_can_be_changed_later_and_the_change_is_kept(client, auditor, filer, other_filer):
    client_for(client, auditor).post("/required-events/new/", event_form([filer.unit, other_filer.unit]))
    event = RequiredEvent.objects.get()
    client.post(f"/required-events/{event.pk}/edit/", event_form([filer.unit], held_on="2023-04-13"))
    event.refresh_from_db()
    assert list(event.units.all()) == [filer.unit] and event.held_on == dt.date(2023, 4, 13)
