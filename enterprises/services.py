"""Every write to chains, the ecosystem and target enterprises: one audited, transactional function each.

Pages, the import, the demo and tests call these. Rules raise ``ValidationError`` with Chinese messages keyed by
field (the import maps the fields to its columns)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import audit_log
from enterprises.models import ChainLink, EcosystemNode, LinkRole, TargetEnterprise, TargetStage
from enterprises.regions import split_region
from projects import services as project_services
from projects.models import Activity, ActivityKind, Project
from projects.validators import check_credit_code

# Fields a page or the import may set on a target; the stage goes through target_set_stage / target_convert.
TARGET_FIELDS = (
    "name",
    "credit_code",
    "province",
    "city",
    "industry",
    "sector",
    "link",
    "unit",
    "leader",
    "expected_amount",
    "contact",
    "note",
)


def _shown(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if hasattr(value, "pk"):
        return str(value)
    return value


def _current(target, name):
    """A field's value, None for a relation not set yet (reading it would raise on a new row)."""
    field = target._meta.get_field(name)
    if field.is_relation and getattr(target, field.attname) is None:
        return None
    return getattr(target, name)


# --- the chain and its ecosystem ------------------------------------------------------------------------------


@transaction.atomic
def chain_link_save(*, sector, name: str, segment: str, role: str = "", by, link: ChainLink | None = None):
    """A link of the sector's chain, created or changed; its name is unique within the sector."""
    name, segment = (name or "").strip(), (segment or "").strip()
    if not name:
        raise ValidationError({"name": "请填写环节名称"})
    if not segment:
        raise ValidationError({"segment": "请填写链段（如 上游、中游、下游）"})
    if role not in LinkRole.values:
        raise ValidationError({"role": f"未知的定位“{role}”，应为 gap、strength 或空"})
    if len(name) > 60 or len(segment) > 30:
        raise ValidationError({"name" if len(name) > 60 else "segment": "环节名称最多60个字，链段最多30个字"})
    clash = ChainLink.objects.filter(sector=sector, name=name).exclude(pk=getattr(link, "pk", None)).first()
    if clash is not None:
        if link is not None:
            raise ValidationError({"name": f"{sector}产业链已有环节“{name}”"})
        link = clash
    if link is None:
        position = ChainLink.objects.filter(sector=sector).count() + 1
        link = ChainLink.objects.create(sector=sector, name=name, segment=segment, role=role, position=position)
        audit_log(action="chain_link.create", by=by, obj=link, detail={"segment": segment, "role": role})
        return link
    changes = {
        field: [getattr(link, field), value]
        for field, value in (("name", name), ("segment", segment), ("role", role))
        if getattr(link, field) != value
    }
    if changes:
        for field, (_, value) in changes.items():
            setattr(link, field, value)
        link.save(update_fields=list(changes))
        audit_log(action="chain_link.update", by=by, obj=link, detail={"changes": changes})
    return link


@transaction.atomic
def chain_link_delete(*, link: ChainLink, by) -> None:
    if link.target_enterprises.exists():
        raise ValidationError({"link": f"环节“{link.name}”下还有目标企业，请先把它们改到其他环节"})
    audit_log(action="chain_link.delete", by=by, obj=link, detail={"sector": str(link.sector)})
    link.delete()


@transaction.atomic
def ecosystem_node_save(*, sector, category, name: str, link=None, note: str = "", by, node=None) -> EcosystemNode:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "请填写名称"})
    if link is not None and link.sector_id != sector.pk:
        raise ValidationError({"link": "环节须属于同一类别的产业链"})
    if EcosystemNode.objects.filter(sector=sector, name=name).exclude(pk=getattr(node, "pk", None)).exists():
        raise ValidationError({"name": f"{sector}产业生态中已有“{name}”"})
    created = node is None
    node = node or EcosystemNode(sector=sector)
    node.category, node.name, node.link, node.note = category, name, link, (note or "").strip()
    node.full_clean(validate_unique=False)
    node.save()
    audit_log(
        action="ecosystem_node.create" if created else "ecosystem_node.update",
        by=by,
        obj=node,
        detail={"category": category.code, "link": str(link or "")},
    )
    return node


@transaction.atomic
def ecosystem_node_delete(*, node: EcosystemNode, by) -> None:
    audit_log(action="ecosystem_node.delete", by=by, obj=node, detail={"sector": str(node.sector)})
    node.delete()


# --- target enterprises ---------------------------------------------------------------------------------------


def check_target(target: TargetEnterprise) -> None:
    """Rules beyond the field types: the credit code's check digit, one enterprise per credit code, the link in the
    enterprise's sector, a reason for a pause, a project for a conversion."""
    errors = {}
    if target.credit_code:
        try:
            target.credit_code = check_credit_code(target.credit_code)
        except ValidationError as exc:
            errors["credit_code"] = exc.messages
        else:
            holder = TargetEnterprise.objects.filter(credit_code=target.credit_code).exclude(pk=target.pk).first()
            if holder is not None:
                errors["credit_code"] = f"该统一社会信用代码已登记为“{holder.name}”，同一企业不能以两个名称登记"
    if TargetEnterprise.objects.filter(name=target.name).exclude(pk=target.pk).exists():
        errors["name"] = f"目标企业“{target.name}”已在库中"
    if target.link_id and target.sector_id and target.link.sector_id != target.sector_id:
        errors["link"] = f"环节“{target.link.name}”不属于{target.sector}产业链"
    if target.stage == TargetStage.PAUSED and not target.pause_reason.strip():
        errors["pause_reason"] = "暂停须写明原因"
    if target.stage == TargetStage.CONVERTED and not target.project_id:
        errors["stage"] = "“已转化”须关联项目库中的项目"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_save(*, by, target: TargetEnterprise | None = None, tags=None, region: str | None = None, **fields):
    """Register a target enterprise or change it. ``region`` (广东省深圳市) sets province and city; ``tags`` None
    leaves the tags alone. Every change is audited with its before and after."""
    unknown = set(fields) - set(TARGET_FIELDS) - {"stage", "pause_reason"}
    if unknown:
        raise TypeError(f"target_save() got unexpected fields {sorted(unknown)}")
    if region is not None:
        fields["province"], fields["city"] = split_region(region)
    for key in ("name", "credit_code", "industry", "contact", "note", "pause_reason"):
        if key in fields:
            fields[key] = (fields[key] or "").strip()
    if "credit_code" in fields:
        fields["credit_code"] = fields["credit_code"].upper()
    if fields.get("stage") == TargetStage.CONVERTED and (target is None or target.stage != TargetStage.CONVERTED):
        raise ValidationError({"stage": "“已转化”请用“转化为项目”关联项目库中的项目"})
    created = target is None
    if created:
        target = TargetEnterprise(created_by=by)
    changes = {}
    for name, value in fields.items():
        old = _current(target, name)
        if (old.pk if hasattr(old, "pk") else old) != (value.pk if hasattr(value, "pk") else value):
            changes[name] = [_shown(old), _shown(value)]
            setattr(target, name, value)
    if target.stage != TargetStage.PAUSED:
        target.pause_reason = ""
    try:
        target.full_clean(exclude=["created_by", "project"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    check_target(target)
    if created:
        target.save()
        audit_log(action="target.create", by=by, obj=target, detail={"fields": {k: v[1] for k, v in changes.items()}})
    elif changes:
        target.save()
        audit_log(action="target.update", by=by, obj=target, detail={"changes": changes})
    if tags is not None:
        before = sorted(target.tags.values_list("code", flat=True))
        after = sorted(t.code for t in tags)
        if before != after:
            target.tags.set(tags)
            audit_log(action="target.tags", by=by, obj=target, detail={"before": before, "after": after})
    return target


@transaction.atomic
def target_set_stage(*, target: TargetEnterprise, stage: str, by, reason: str = "") -> TargetEnterprise:
    """目标 → 已对接 → 洽谈中, or 暂停 with a reason (and back). 已转化 only through a project (target_convert)."""
    if stage not in TargetStage.values:
        raise ValidationError({"stage": f"未知的阶段“{stage}”"})
    if stage == TargetStage.CONVERTED:
        raise ValidationError({"stage": "“已转化”请用“转化为项目”关联项目库中的项目"})
    if target.stage == TargetStage.CONVERTED:
        raise ValidationError({"stage": "已转化为项目的目标企业不能再改阶段，请在项目库中跟进该项目"})
    reason = (reason or "").strip()
    if stage == TargetStage.PAUSED and not reason:
        raise ValidationError({"pause_reason": "暂停须写明原因"})
    if stage == target.stage and reason == target.pause_reason:
        return target
    before = target.stage
    target.stage, target.pause_reason = stage, reason if stage == TargetStage.PAUSED else ""
    target.save(update_fields=["stage", "pause_reason", "updated_at"])
    audit_log(action="target.stage", by=by, obj=target, detail={"before": before, "after": stage, "reason": reason})
    return target


def check_project_for(target: TargetEnterprise, project: Project) -> None:
    """The project a target turns into is credited to the target's unit (a project of another unit alone would take
    the unit's work away from it), and no other target is linked to it."""
    if not project.credits.filter(unit_id=target.unit_id).exists():
        raise ValidationError(
            {"project": f"项目“{project.code}”的招商单位中没有{target.unit}（目标企业的责任单位），不能关联"}
        )
    other = TargetEnterprise.objects.filter(project=project).exclude(pk=target.pk).first()
    if other is not None:
        raise ValidationError({"project": f"项目“{project.code}”已关联目标企业“{other.name}”"})


@transaction.atomic
def target_link_project(*, target: TargetEnterprise, project: Project, by) -> TargetEnterprise:
    """Mark a target 已转化 to a project already in the library."""
    if target.project_id == project.pk and target.stage == TargetStage.CONVERTED:
        return target
    if target.project_id and target.project_id != project.pk:
        raise ValidationError({"project": f"该目标企业已转化为项目“{target.project.code}”"})
    check_project_for(target, project)
    before = target.stage
    target.project, target.stage, target.pause_reason = project, TargetStage.CONVERTED, ""
    target.save(update_fields=["project", "stage", "pause_reason", "updated_at"])
    audit_log(action="target.convert", by=by, obj=target, detail={"before": before, "project": project.code})
    return target


@transaction.atomic
def target_convert(
    *, target: TargetEnterprise, by, code: str, name: str, total_investment, kind: str, credits=None, **fields
) -> Project:
    """转化: register the target's project in the library (its investor is the enterprise, with its credit code, tags
    and contact; its sector the target's) and link both ways. ``credits`` default: the target's unit, 100 %."""
    if target.project_id:
        raise ValidationError({"code": f"该目标企业已转化为项目“{target.project.code}”"})
    credits = credits or [(target.unit, Decimal("100"))]
    if target.unit_id not in {unit.pk for unit, _ in credits}:
        raise ValidationError({"credits": f"转化的项目须以{target.unit}（目标企业的责任单位）为招商单位之一"})
    project = project_services.project_register(
        by=by,
        investor={
            "name": target.name,
            "credit_code": target.credit_code,
            "tags": list(target.tags.all()),
            "contact": target.contact or None,
        },
        credits=credits,
        code=code,
        name=name,
        year=target.sector.year,
        sector=target.sector,
        kind=kind,
        total_investment=total_investment,
        **fields,
    )
    target_link_project(target=target, project=project, by=by)
    return project


@transaction.atomic
def target_record_contact(
    *, target: TargetEnterprise, by, unit, kind: str, occurred_on: dt.date, title: str, place: str = "", note: str = ""
) -> Activity:
    """A visit, reception, call or event with the enterprise: filed as the unit's activity (so it counts toward the
    500 visits once the center confirms it), submitted, and linked to the target. A first contact moves a 目标 to
    已对接."""
    activity = project_services.record_create(
        record_type="activity",
        unit=unit,
        by=by,
        kind=kind,
        occurred_on=occurred_on,
        title=title,
        place=place,
        note=note,
        enterprises=target.name,
        enterprise_count=1 if kind in (ActivityKind.VISIT, ActivityKind.RECEPTION) else 0,
    )
    project_services.record_submit(record=activity, by=by)
    target.activities.add(activity)
    audit_log(action="target.contact", by=by, obj=target, detail={"activity": activity.pk, "kind": kind})
    if target.stage == TargetStage.TARGET:
        target_set_stage(target=target, stage=TargetStage.CONTACTED, by=by)
    return activity


@transaction.atomic
def target_link_activity(*, target: TargetEnterprise, activity: Activity, by) -> None:
    """An activity the unit already filed, linked to the enterprise it met."""
    if target.activities.filter(pk=activity.pk).exists():
        return
    target.activities.add(activity)
    audit_log(action="target.contact", by=by, obj=target, detail={"activity": activity.pk, "kind": activity.kind})
