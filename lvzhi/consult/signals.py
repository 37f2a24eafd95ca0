"""A new committee gets the default consultation forms (domain.md §5.4)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lvzhi.org.models import Committee


@receiver(post_save, sender=Committee, dispatch_uid="consult_install_default_forms")
def install_default_forms(
    sender: Any, instance: Committee, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from lvzhi.consult.services import install_default_forms as install

        install(instance)
