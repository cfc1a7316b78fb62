"""Load the demo city: one public body with departments, partner organisations and a person for every role.

Idempotent: what exists already is left alone, and passwords are printed only when an account is created.
"""

import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from cocreate.accounts.actions import user_create
from cocreate.accounts.models import User
from cocreate.challenges.demo import seed_demo_challenges
from cocreate.ideas.demo import seed_demo_ideas, seed_demo_votes
from cocreate.organisations.actions import (
    department_create,
    membership_grant,
    organisation_create,
    partner_add,
)
from cocreate.organisations.models import Department, Membership, Organisation
from cocreate.problems.demo import seed_demo_exploration, seed_demo_problems

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


class Command(BaseCommand):
    help = "Load the demo city (idempotent). Prints the passwords of the accounts it creates, once."

    @transaction.atomic
    def handle(self, *args, **options):
        city = Organisation.objects.filter(slug=CITY["slug"]).first()
        if city is None:
            city = organisation_create(kind=Organisation.Kind.PUBLIC_BODY, is_host=True, **CITY)
            self.stdout.write(f"Created {city.name}.")
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

        created = []
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
                created.append((email, password, role or "citizen"))
            if role:
                membership_grant(
                    user=user,
                    organisation=city,
                    role=role,
                    department=Department.objects.get(organisation=city, name=department) if department else None,
                )
        admin = User.objects.get(email=PEOPLE[0][0])
        challenges = seed_demo_challenges(city=city, actor=admin, partners_by_name=partners)
        if challenges:
            self.stdout.write(f"Created {challenges} demo challenges.")
        official = User.objects.get(email=PEOPLE[1][0])
        problems = seed_demo_problems(city=city, official=official) + seed_demo_exploration(city=city)
        if problems:
            self.stdout.write(f"Created {problems} demo problems.")
        ideas = seed_demo_ideas(city=city)
        if ideas:
            self.stdout.write(f"Created {ideas} demo ideas.")
        pair_votes, statement_votes = seed_demo_votes(city=city, official=official)
        if pair_votes or statement_votes:
            self.stdout.write(f"Created {pair_votes} wiki-survey votes and {statement_votes} opinion-map votes.")

        if created:
            self.stdout.write(self.style.WARNING("Demo accounts (these passwords are shown only now):"))
            for email, password, role in created:
                self.stdout.write(f"  {role:<10} {email:<38} {password}")
            self.stdout.write(
                "Officials and administrators set up two-factor sign-in (an authenticator app) at first sign-in."
            )
        else:
            self.stdout.write("Demo accounts already exist; their passwords were printed when they were created.")
