"""The JSON API (to be filled: search, speakers, numbers, entities, articles)."""
from fastapi import APIRouter

router = APIRouter(tags=["api"])
