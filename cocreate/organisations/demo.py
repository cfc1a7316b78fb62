"""The demo city: one public body with departments, partner organisations and a person for every role.

Runs first among the demo seeders; it leaves ``city``, ``admin``, ``official`` and ``partners`` (by name) in the
context for the others, and lists the accounts it created, with their passwords, after everyone else has seeded.
"""

import secrets

from cocreate.accounts.actions import user_create, user_set_demo_authenticator, user_set_password
from cocreate.accounts.models import User
from cocreate.core.registry import DemoContext

from .actions import department_create, membership_grant, organisation_create, partner_add
from .models import Department, Membership, Organisation

CITY = {
    "slug": "northbridge",
    "name": "City of Northbridge",
    "description": (
        "Northbridge is a mid-sized city of 240,000 residents. Its administration co-creates public services "
        "with residents, from reporting what does not work to designing and spreading new services."
    ),
    "website": "https://northbridge.example.org",
}
DEPARTMENTS = [
    ("Mobility and Streets", "Roads, cycling, public transport and street lighting.", None),
    ("Road Maintenance", "Potholes, pavements and winter service.", "Mobility and Streets"),
    ("Public Transport", "Bus and tram network, stops and timetables.", "Mobility and Streets"),
    ("Social Services", "Benefits, housing support and care.", None),
    ("Benefits Office", "Applications for housing benefit and income support.", "Social Services"),
    ("Parks and Environment", "Parks, trees, playgrounds and waste collection.", None),
    ("Digital Services", "The city's online forms and digital service design.", None),
    ("Legal Affairs", "Legal review of new services and regulations.", None),
    ("Finance", "Budgets and participatory budgeting.", None),
]
PARTNERS = [
    ("Northbridge Cycling Association", Organisation.PartnerType.NGO, "Residents who cycle, since 1987."),
    (
        "University of Northbridge",
        Organisation.PartnerType.UNIVERSITY,
        "Research on urban services and design.",
    ),
    ("OpenStreet Labs", Organisation.PartnerType.COMPANY, "A civic technology company."),
]
PEOPLE = [
    # email, display name, role, department, superuser
    ("admin@northbridge.example.org", "Ada Admin", Membership.Role.ADMIN, None, True),
    (
        "official@northbridge.example.org",
        "Omar Official",
        Membership.Role.OFFICIAL,
        "Mobility and Streets",
        False,
    ),
    ("benefits@northbridge.example.org", "Bea Benefits", Membership.Role.OFFICIAL, "Benefits Office", False),
    ("moderator@northbridge.example.org", "Mo Moderator", Membership.Role.MODERATOR, None, False),
    ("citizen@example.org", "Cleo Citizen", None, None, False),
    ("partner@cycling.example.org", "Pat Partner", None, None, False),
]


def seed_demo_city(context: DemoContext) -> None:
    city = Organisation.objects.filter(slug=CITY["slug"]).first()
    if city is None:
        city = organisation_create(kind=Organisation.Kind.PUBLIC_BODY, is_host=True, **CITY)
        context.say(f"Created {city.name}.")
    departments = {d.name: d for d in city.departments.all()}
    for name, description, parent in DEPARTMENTS:
        if name not in departments:
            departments[name] = department_create(
                organisation=city, name=name, description=description, parent=departments.get(parent)
            )
    partners = {}
    for name, partner_type, description in PARTNERS:
        partner = Organisation.objects.filter(name=name).first() or organisation_create(
            name=name, kind=Organisation.Kind.PARTNER, partner_type=partner_type, description=description
        )
        partner_add(organisation=city, partner=partner)
        partners[name] = partner

    created_accounts = []
    for email, display_name, role, department, superuser in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_create(
                email=email,
                password=password,
                display_name=display_name,
                email_verified=True,
                is_staff=superuser,
                is_superuser=superuser,
            )
            created_accounts.append((email, password, role or "citizen", second_factor_secret(user, role)))
        elif context.things.get("reset_passwords"):
            password = secrets.token_urlsafe(12)
            user_set_password(user=user, password=password)
            created_accounts.append((email, password, role or "citizen", second_factor_secret(user, role)))
        if role:
            membership_grant(
                user=user,
                organisation=city,
                role=role,
                department=Department.objects.get(organisation=city, name=department) if department else None,
            )
    context.things.update(
        city=city,
        partners=partners,
        admin=User.objects.get(email=PEOPLE[0][0]),
        official=User.objects.get(email=PEOPLE[1][0]),
        created_accounts=created_accounts,
    )


def second_factor_secret(user: User, role: str | None) -> str:
    """Officials and administrators sign in with a second factor: the demo sets theirs up, and says its secret."""
    if role in (Membership.Role.OFFICIAL, Membership.Role.ADMIN) or user.is_superuser:
        return user_set_demo_authenticator(user=user)
    return ""


def list_demo_accounts(context: DemoContext) -> None:
    """The passwords of the accounts created in this run, shown once, at the end of the output, and how officials
    and administrators get past the second factor."""
    created_accounts = context.things["created_accounts"]
    if not created_accounts:
        context.say(
            "Demo accounts already exist; their passwords were printed when they were created. "
            "New ones: .venv/bin/python manage.py seed_demo --reset-passwords"
        )
        return
    context.warn("Demo accounts (these passwords are shown only now):")
    for email, password, role, _secret in created_accounts:
        context.say(f"  {role:<10} {email:<38} {password}")
    with_second_factor = [(email, secret) for email, _password, _role, secret in created_accounts if secret]
    if with_second_factor:
        context.say(
            "Officials and administrators sign in with a code from an authenticator app. Add the secret below to "
            "one, or print the code of this moment with: .venv/bin/python manage.py demo_code <e-mail address>"
        )
        for email, secret in with_second_factor:
            context.say(f"  {email:<49} {secret}")
    context.say("Forgot them? New passwords and secrets: .venv/bin/python manage.py seed_demo --reset-passwords")
