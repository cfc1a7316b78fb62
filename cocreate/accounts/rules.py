import rules

from cocreate.organisations.predicates import always_allow, is_self

rules.add_perm("accounts.view_profile", always_allow)
rules.add_perm("accounts.change_account", is_self)
rules.add_perm("accounts.export_data", is_self)
rules.add_perm("accounts.erase_account", is_self)
