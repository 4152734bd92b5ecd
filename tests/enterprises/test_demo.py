"""The demo's pipeline: a chain for each of the six sectors and targets at every stage, through the services."""

from enterprises.demo import load_enterprise_demo
from enterprises.models import ChainLink, EcosystemNode, TargetEnterprise, TargetStage


def test_the_demo_has_a_chain_per_sector_and_targets_at_every_stage(plan_2023, auditor):
    assert load_enterprise_demo(year=plan_2023, by=auditor, say=lambda text: None) is True
    assert ChainLink.objects.values("sector").distinct().count() == 6
    assert ChainLink.objects.filter(role="gap").exists() and EcosystemNode.objects.exists()
    stages = set(TargetEnterprise.objects.values_list("stage", flat=True))
    assert stages == set(TargetStage.values)
    assert TargetEnterprise.objects.count() >= 30
    converted = TargetEnterprise.objects.filter(stage=TargetStage.CONVERTED)
    assert all(t.project.target_enterprise == t for t in converted)
    assert TargetEnterprise.objects.filter(activities__isnull=False).exists()
    assert load_enterprise_demo(year=plan_2023, by=auditor, say=lambda text: None) is False
