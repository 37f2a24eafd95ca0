"""Who may do what with accounts (三员分立); the matrix is in docs/permissions.md."""

from lvzhi.core.permissions import has_role, register
from lvzhi.core.roles import Role

register(
    {
        # 系统管理员: accounts (create, deactivate, bulk member accounts).
        "accounts.manage_users": has_role(Role.SYSADMIN),
        # 安全管理员: grants roles, resets passwords, unlocks accounts.
        "accounts.grant_roles": has_role(Role.SECADMIN),
        "accounts.reset_password": has_role(Role.SECADMIN),
        # 审计管理员: reads the audit trail.
        "accounts.view_audit": has_role(Role.AUDITOR),
        # The user list: the two administrators who act on accounts.
        "accounts.view_users": has_role(Role.SYSADMIN, Role.SECADMIN),
    }
)
