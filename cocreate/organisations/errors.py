from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError


class DepartmentOutsideOrganisation(CocreateError):
    code = "department_outside_organisation"
    default_message = _("The department belongs to another organisation.")


class OfficialNeedsDepartment(CocreateError):
    code = "official_needs_department"
    default_message = _("An official belongs to a department; choose one.")


class NotAPartner(CocreateError):
    code = "not_a_partner"
    default_message = _("Only partner organisations can be partners of a public body.")
