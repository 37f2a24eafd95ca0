"""A new committee gets the default scoring scheme (lvzhi/duty/defaults.py) as its first version."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from lvzhi.org.models import Committee


@receiver(post_save, sender=Committee, dispatch_uid="duty_install_default_scheme")
def install_default_scheme(
    sender: Any, instance: Committee, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if created and not raw:
        from lvzhi.duty import defaults, models

        defaults.install(instance.pk, vars(models))
