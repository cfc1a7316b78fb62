"""The JSON API of decisions: vote."""

from ninja import Router

router = Router()
