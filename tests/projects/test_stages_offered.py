"""The project form offers only the stages a person may choose (the service's ``check_stage`` asked of each): never
签约/开工, which the audit of a formal contract or a start sets; 投产 only after a confirmed start."""

import re

from projects.forms import ProjectForm
from projects.forms.stages import choosable_stages
from projects.models import Project, Stage
from tests.conftest import client_for
from tests.helpers import confirmed_contract, confirmed_start


def offered(html: str) -> list[str]:
    select = re.search(r'<select name="stage".*?</select>', html, re.S)[0]
    return re.findall(r'<option value="([a-z]+)"', select)


def test_a_new_project_is_offered_reserve_and_negotiating_only(client, filer):
    assert [v for v, _ in choosable_stages(None)] == [Stage.RESERVE, Stage.NEGOTIATING]
    page = client_for(client, filer).get("/projects/new/").content.decode()
    assert offered(page) == ["reserve", "negotiating"]
    assert "由审核认定的正式合同、开工记录自动确定" in page


def test_a_signed_project_keeps_its_stage_only_and_a_started_one_may_be_producing(client, filer, auditor, project):
    assert offered(client_for(client, filer).get(f"/projects/{project.pk}/edit/").content.decode()) == [
        "reserve",
        "negotiating",
    ]
    confirmed_contract(project, filer=filer, auditor=auditor, amount=2, signed_on="2023-03-01")
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert [v for v, _ in ProjectForm(instance=project).fields["stage"].choices] == [Stage.SIGNED]
    confirmed_start(project, filer=filer, auditor=auditor, started_on="2023-04-01")
    project = Project.objects.get(pk=project.pk)
    assert offered(client.get(f"/projects/{project.pk}/edit/").content.decode()) == ["started", "producing"]


def test_a_posted_stage_that_cannot_be_chosen_gets_a_chinese_message(client, filer, project):
    from tests.projects.test_project_library import project_form

    response = client_for(client, filer).post(
        f"/projects/{project.pk}/edit/", project_form(code=project.code, stage="started")
    )
    assert response.status_code == 200 and "所选阶段不能手工选择" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == Stage.NEGOTIATING
