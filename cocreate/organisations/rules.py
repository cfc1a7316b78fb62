import rules

from .predicates import always_allow, is_admin_of, is_superuser

rules.add_perm("organisations.view_organisation", always_allow)
rules.add_perm("organisations.add_organisation", is_superuser)
rules.add_perm("organisations.change_organisation", is_superuser | is_admin_of)
rules.add_perm("organisations.manage_memberships", is_superuser | is_admin_of)
