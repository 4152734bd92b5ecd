from django.conf import settings
from django.db import models

RETENTION_FLOOR_DAYS = 180  # the law's minimum; the PostgreSQL trigger holds the same number


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    """No update or delete through the ORM; only audit.retention removes rows past the retention period."""

    def update(self, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能修改。")

    def delete(self):
        raise AppendOnlyError("审计日志只能追加，不能删除（超过保存期限的记录由 purge_audit_log 清理）。")

    def _purge(self):
        return models.QuerySet.delete(self)


class AuditEvent(models.Model):
    """One line of the append-only audit trail: every state change and every sign-in event.

    Rows are only ever inserted (see audit.services.audit_log); PostgreSQL refuses UPDATE and DELETE on this table.
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"
        DENIED = "denied", "拒绝"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    # No database constraint and nothing done on delete: the trail never changes, even if an account is removed.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="用户",
    )
    username = models.CharField("用户名", max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    action = models.CharField("操作", max_length=64, db_index=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.JSONField("详情", default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("审计日志只能追加，不能删除。")
