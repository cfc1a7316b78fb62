from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: signs in with an e-mail address and appears in public under a display name.

    Erasing an account keeps the row as a pseudonym (``erased_at`` set, personal data removed), so that public
    contributions stay readable and every reference to their author shows the pseudonym.
    """

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown next to your contributions. You can use a nickname."),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    terms_accepted_at = models.DateTimeField(_("terms accepted at"), null=True, blank=True)
    terms_version = models.CharField(
        _("terms version"), max_length=20, blank=True, help_text=_("The version of the terms of use accepted.")
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("accounts:profile", kwargs={"pk": self.pk})

    @property
    def public_name(self) -> str:
        if self.erased_at is not None:
            return _("Former participant %(number)s") % {"number": self.pk}
        return self.display_name or _("Participant %(number)s") % {"number": self.pk}

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def get_full_name(self):
        return self.public_name

    def get_short_name(self):
        return self.public_name


class SignInFailures(models.Model):
    """Failed sign-ins in a row to one e-mail address as typed (whether an account has it or not) and when the next
    attempt may come. Kept by ``accounts/signin.py``: a sign-in with the right password deletes the row."""

    login_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the address, in lower case.")
    failures = models.PositiveIntegerField(default=0)
    not_before = models.DateTimeField()
    last_attempt_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed sign-ins")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return f"{self.login_hash[:8]}…: {self.failures}"


class ErasureNotice(models.Model):
    """The confirmation owed to a person whose account was erased: the one place their former address is kept.

    The task that sends it takes this row's id, never the address, and deletes the row with the e-mail sent, so
    neither the task queue nor its stored results hold the address. A notice that cannot be sent is forgotten after
    ``ERASURE_NOTICE_DAYS`` (``accounts/tasks.py``).
    """

    email = models.EmailField(max_length=254)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("erasure notice")
        verbose_name_plural = _("erasure notices")

    def __str__(self):
        return f"Erasure notice {self.pk}"
