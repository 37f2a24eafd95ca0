"""Who may do what in rectify; the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import any_of, committee_id_of, has_role, is_own, reads_committee, register
from lvzhi.core.roles import Role
from lvzhi.core.scope import Scope


def _holds_a_role(scope: Scope, obj: object) -> bool:
    """Any role in the committee: a 委员 who is a 责任人 or 验收人 opens the ledger and sees their own items."""
    return bool(scope.roles_in(committee_id_of(obj)) - {Role.UNIT})  # a handling unit has no ledger


register(
    {
        "rectify.view": reads_committee,
        "rectify.list": any_of(reads_committee, _holds_a_role),
        "rectify.manage": has_role(Role.STAFF),
        # The item's 责任人 starts, reports progress and submits for acceptance; staff may do it for them.
        "rectify.rectify": any_of(has_role(Role.STAFF), is_own("responsible_id")),
        # Only the item's 验收人 accepts or rejects (the service also refuses the 责任人).
        "rectify.accept": is_own("acceptor_id"),
        # 延期 is approved by staff or the 责任领导, never by the 责任人 (checked again in the service).
        "rectify.extend": any_of(has_role(Role.STAFF), is_own("lead_leader_id")),
    }
)
