from ninja import Schema


class DepartmentOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None


class OrganisationOut(Schema):
    name: str
    slug: str
    kind: str
    partner_type: str
    description: str
    website: str


class OrganisationDetailOut(OrganisationOut):
    departments: list[DepartmentOut]
    partners: list[OrganisationOut]
