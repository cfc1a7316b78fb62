"""Cocreate's JSON API: one NinjaAPI, one router per app. The schema is committed as docs/openapi.json."""

from ninja import NinjaAPI

from cocreate.adoption.api import router as adoption_router
from cocreate.challenges.api import router as challenges_router
from cocreate.core.api import install_error_handlers
from cocreate.core.api_reference import ApiReference
from cocreate.core.api_search import router as search_router
from cocreate.decisions.api_results import router as decision_results_router
from cocreate.decisions.api_vote import router as decisions_router
from cocreate.delivery.api import router as delivery_router
from cocreate.delivery.api_dashboards import router as delivery_dashboards_router
from cocreate.designs.api import router as designs_router
from cocreate.engagement.api import router as engagement_router
from cocreate.organisations.api import router as organisations_router
from cocreate.problems.api import router as problems_router

api = NinjaAPI(
    title="Cocreate API",
    version="1",
    description="Public data of Cocreate: organisations, and (as they arrive) challenges, problems, ideas, designs.",
    urls_namespace="api",
    docs=ApiReference(),
)
install_error_handlers(api, prefix="/api/")
api.add_router("/organisations", organisations_router, tags=["organisations"])
api.add_router("/challenges", challenges_router, tags=["challenges"])
api.add_router("/problems", problems_router, tags=["problems"])
api.add_router("/engagement", engagement_router, tags=["engagement"])
api.add_router("/designs", designs_router, tags=["designs"])
api.add_router("/decisions", decisions_router, tags=["decisions"])

api.add_router("/decision-results", decision_results_router, tags=["decisions"])
api.add_router("/delivery", delivery_router, tags=["delivery"])
api.add_router("/delivery", delivery_dashboards_router, tags=["delivery"])
api.add_router("/delivery-tasks", "cocreate.delivery.api_volunteering.router", tags=["delivery"])
api.add_router("/search", search_router, tags=["search"])
api.add_router("/adoption", adoption_router, tags=["adoption"])
