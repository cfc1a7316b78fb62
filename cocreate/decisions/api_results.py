"""The JSON API of decisions: results."""

from ninja import Router

router = Router()
