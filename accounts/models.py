from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.TextChoices):
    FILER = "filer", "单位填报员"
    AUDITOR = "auditor", "审核员（县招商投资事务中心）"
    LEADER = "leader", "县领导"
    OFFICE = "office", "办公室（县委办/县政府办）"
    ADMIN = "admin", "系统管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


class AccountManager(UserManager):
    """``createsuperuser`` (interactive or ``--noinput`` with DJANGO_SUPERUSER_*) makes a 系统管理员: the default
    role, 单位填报员, needs a unit and broke the command on the user_filer_has_unit constraint."""

    def _create_user_object(self, username, email, password, **extra_fields):
        # The manager hashes the password without set_password: start the expiry clock here too.
        user = super()._create_user_object(username, email, password, **extra_fields)
        user.password_changed_at = timezone.now()
        return user

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        extra_fields.setdefault("display_name", "系统管理员")
        from audit.services import audit_log

        user = super().create_superuser(username, email, password, **extra_fields)
        audit_log(action="account.create_superuser", obj=user, detail={"role": user.role})
        return user


class User(AbstractUser):
    """An account. Its role decides what it may do (see accounts/access.py); a filer is bound to one unit and a
    leader to one county leader."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.FILER)
    unit = models.ForeignKey(
        "targets.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name="所属单位",
        help_text="填报员必须绑定一个单位。",
    )
    leader = models.ForeignKey(
        "targets.Leader",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name="对应县领导",
        help_text="县领导账号必须对应一位县领导。",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    objects = AccountManager()

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"
        ordering = ["role", "username"]
        constraints = [
            models.CheckConstraint(condition=~Q(role="filer") | Q(unit__isnull=False), name="user_filer_has_unit"),
            models.CheckConstraint(
                condition=~Q(role="leader") | Q(leader__isnull=False), name="user_leader_has_leader"
            ),
        ]

    def __str__(self):
        return self.display_name or self.username

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def set_password(self, raw_password):
        # Every new password (on creation, by the user, or reset by an admin) restarts the expiry clock.
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class TOTPDevice(models.Model):
    """The authenticator app a user enrolled (RFC 6238 time-based codes, 6 digits every 30 s)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="totp_device", verbose_name="账号", primary_key=True
    )
    secret = models.CharField("密钥", max_length=64)
    confirmed_at = models.DateTimeField("启用时间", default=timezone.now)
    # A code is accepted once: a step at or below this one is a replay.
    last_used_step = models.BigIntegerField("最近使用的时间步", default=0)

    class Meta:
        verbose_name = "双因素认证设备"
        verbose_name_plural = "双因素认证设备"

    def __str__(self):
        return f"{self.user} 的身份验证器"
