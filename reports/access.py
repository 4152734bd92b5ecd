"""Which bulletins a user may read: published ones for every reader, drafts for those who edit them."""

from django.http import Http404

from accounts.access import can
from reports.models import Bulletin


def visible_bulletins(user):
    """Published bulletins for every reader; drafts too for those who edit them (the office, the center)."""
    if can(user, "bulletin.edit"):
        return Bulletin.objects.all()
    if can(user, "reports.view"):
        return Bulletin.objects.filter(state=Bulletin.State.PUBLISHED)
    return Bulletin.objects.none()


def get_bulletin_or_404(user, year: int, month: int, *, allow_missing: bool = False):
    """The bulletin of a month, if the user may see it; ``allow_missing``: None when there is none yet and the user
    may prepare it (the office and the center preview a month before its draft exists)."""
    found = visible_bulletins(user).select_related("year", "published_by").filter(year__year=year, month=month).first()
    if found is None and not (allow_missing and can(user, "bulletin.edit")):
        raise Http404("该期月通报尚未发布")
    return found
