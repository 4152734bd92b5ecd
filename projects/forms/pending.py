"""Keeping a chosen evidence file across a re-shown form (projects/pending.py): the hidden field that refers to it, and
the two moves a view makes: ``keep`` when the page is shown again, ``take`` when the form is saved."""

from django import forms

from projects import pending
from projects.forms.records import EvidenceForm

EXPIRED = "之前选择的佐证文件已过期或不可用，请重新选择"


class PendingUploadMixin(forms.Form):
    """A form with a file field (``upload_field``) and a hidden ``pending`` token. Bound with ``user=``.

    After ``is_valid()``: ``cleaned_data[upload_field]`` is the newly chosen file, else the kept one (a claimed
    ``File``), else None. ``kept`` describes the kept file for the template."""

    upload_field = "file"
    pending = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.kept = None
        if self.is_bound and user is not None:
            self.kept = pending.describe(self.data.get(self.add_prefix("pending"), ""), user)

    def clean(self):
        data = super().clean()
        if "pending" in self.errors:  # a forged value (control characters …): say so where the file is chosen
            self.kept = None
            self.add_error(self.upload_field, EXPIRED)
            return data
        if self.user is None or data.get(self.upload_field):
            return data
        token = data.get("pending")
        if token:
            file = pending.claim(token, self.user)
            if file is None:
                self.kept = None
                self.add_error(self.upload_field, EXPIRED)
            else:
                data[self.upload_field] = file
        return data

    def keep(self) -> None:
        """The page is shown again (an error elsewhere, a 提示 to confirm): keep the file chosen in this post so the
        re-shown form refers to it instead of asking for it again."""
        if self.user is None or not hasattr(self, "cleaned_data"):
            return
        file = self.cleaned_data.get(self.upload_field)
        if not file:
            return
        if getattr(file, "pending_token", None):  # already kept: refer to it again
            file.close()
            self.kept = pending.describe(file.pending_token, self.user)
            token = file.pending_token
        else:
            self.kept = pending.stash(file, self.user)
            token = self.kept.token
        self.data = self.data.copy()
        self.data[self.add_prefix("pending")] = token

    def taken(self) -> None:
        """The file is saved as evidence (or the record saved without it): drop the kept copy."""
        file = getattr(self, "cleaned_data", {}).get(self.upload_field)
        if file is not None and getattr(file, "pending_token", None):
            pending.discard(file)


class KeptEvidenceForm(PendingUploadMixin, EvidenceForm):
    """The evidence field of the record forms (prefix ``ev``): a file chosen before an error is kept."""
