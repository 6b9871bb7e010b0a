"""The API router of every app: ids in URLs are whole numbers.

DRF's default lookup pattern admits any text, so `/api/v1/awards/null,null/` reached the
database as a malformed integer and failed with a 500; with digits only it is a plain 404.
A viewset that looks up by another field (a pool's `code`) keeps DRF's pattern.
"""

from rest_framework.routers import SimpleRouter


class Router(SimpleRouter):
    def get_lookup_regex(self, viewset, lookup_prefix=""):
        if getattr(viewset, "lookup_field", "pk") in ("pk", "id") and not hasattr(
            viewset, "lookup_value_regex"
        ):
            viewset.lookup_value_regex = "[0-9]+"
        return super().get_lookup_regex(viewset, lookup_prefix)
