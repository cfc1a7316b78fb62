from django.utils.translation import gettext_lazy as _

from cocreate.core.errors import CocreateError, NotPermitted


class NotAnAdoptionStage(CocreateError):
    code = "adoption_not_an_adoption_stage"
    default_message = _("Only an adoption stage has an adoption campaign.")


class CampaignExists(CocreateError):
    code = "adoption_campaign_exists"
    status = 409
    default_message = _("This stage already has its adoption campaign.")


class ReportsClosed(NotPermitted):  # refused as every stage refuses what it does not allow
    code = "adoption_reports_closed"
    status = 403
    default_message = _("This campaign does not take reports at the moment.")


class SegmentNotInCampaign(CocreateError):
    code = "adoption_segment_not_in_campaign"
    field = "segment"
    default_message = _("Choose one of this campaign's target populations.")


class SegmentNameTaken(CocreateError):
    code = "adoption_segment_name_taken"
    status = 409
    field = "name"
    default_message = _("This campaign already has a target population with this name.")


class SourceNotInChallenge(CocreateError):
    code = "adoption_source_not_in_challenge"
    field = "source"
    default_message = _("Choose a design of this challenge.")


class ApiKeyNotForCampaign(NotPermitted):
    code = "adoption_api_key_not_for_campaign"
    default_message = _("This API key belongs to another public body than the campaign's.")


class AlreadyAmbassador(CocreateError):
    code = "adoption_already_ambassador"
    status = 409
    default_message = _("You are already an ambassador of this campaign.")


class OrganisationNotPartner(CocreateError):
    code = "adoption_organisation_not_partner"
    field = "organisation"
    default_message = _("Choose a partner organisation of the campaign's public body that you are a member of.")


class OrganisationHasAmbassador(CocreateError):
    code = "adoption_organisation_has_ambassador"
    status = 409
    field = "organisation"
    default_message = _("Someone already spreads the word for this organisation in this campaign.")


class AmbassadorsClosed(NotPermitted):  # the stage decides, for superusers too
    code = "adoption_ambassadors_closed"
    status = 403
    default_message = _("This campaign does not take ambassadors at the moment.")
