"""A new committee gets the default org-life rules (domain.md §9) as its first rule rows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lvzhi.org.models import Committee


@receiver(post_save, sender=Committee, dispatch_uid="party_install_orglife_defaults")
def install_orglife_defaults(
    sender: Any, instance: Committee, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from lvzhi.party.orglife import install_defaults

        install_defaults(instance)
