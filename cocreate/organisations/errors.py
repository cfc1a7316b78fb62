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


class DepartmentInsideItself(CocreateError):
    code = "department_inside_itself"
    default_message = _("A department cannot be part of itself or of one of its sub-departments.")


class DepartmentInUse(CocreateError):
    code = "department_in_use"
    status = 409
    default_message = _(
        "This department cannot be removed: it has sub-departments, or categories, problems or challenges are routed "
        "to it. Move them to another department first."
    )


class LastAdministrator(CocreateError):
    code = "last_administrator"
    status = 409
    default_message = _("An organisation keeps at least one administrator; name another one first.")
