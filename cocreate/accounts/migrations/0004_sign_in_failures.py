"""Failed sign-ins per account, for the growing delay of ``accounts/signin.py``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_erasure_confirmations_without_addresses")]

    operations = [
        migrations.CreateModel(
            name="SignInFailures",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "login_hash",
                    models.CharField(help_text="SHA-256 of the address, in lower case.", max_length=64, unique=True),
                ),
                ("failures", models.PositiveIntegerField(default=0)),
                ("not_before", models.DateTimeField()),
                ("last_attempt_at", models.DateTimeField(db_index=True)),
            ],
            options={"verbose_name": "failed sign-ins", "verbose_name_plural": "failed sign-ins"},
        ),
    ]
