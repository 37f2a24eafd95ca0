"""The first set-up of an installation (初始设置): one row, holding the hashed one-time token and the
steps done, so the wizard and ``lvzhi init`` can be left and resumed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SetupState(models.Model):
    """The one set-up of this installation (always pk=1).

    ``token_digest`` is the SHA-256 of the one-time setup token, never the token; it is emptied when the
    set-up completes, so the token is worthless afterwards.
    """

    token_digest = models.CharField(max_length=64, blank=True)
    committee = models.ForeignKey(
        "org.Committee", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    steps_done = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("初始设置")
        verbose_name_plural = _("初始设置")

    def __str__(self) -> str:
        return "setup"

    def is_done(self, step: str) -> bool:
        return step in self.steps_done
