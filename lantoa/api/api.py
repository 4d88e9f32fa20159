"""The JSON API at /api/: token or session authentication, Vietnamese error messages."""

from __future__ import annotations

from django.apps import apps
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lantoa.vi import formats

from . import plans, search
from .auth import api_auth


def without_null(schema: dict) -> dict:
    """A query parameter's schema without the `null` branch: a query string cannot carry
    null, an absent parameter is `required: false`."""
    branches = [branch for branch in schema.get("anyOf", []) if branch.get("type") != "null"]
    if len(branches) != 1:
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**rest, **branches[0]}


def translated(value):
    """Lazy catalog strings (titles, summaries, tags) as text in the request's language."""
    if isinstance(value, list):
        return [translated(item) for item in value]
    return str(value) if isinstance(value, Promise) else value


class LanToaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"] = {key: translated(value) for key, value in schema["info"].items()}
        for operations in schema["paths"].values():
            for operation in operations.values():
                for key in ("summary", "description", "tags"):
                    if key in operation:
                        operation[key] = translated(operation[key])
                for parameter in operation.get("parameters", []):
                    parameter["schema"] = {k: translated(v) for k, v in without_null(parameter["schema"]).items()}
                    if "description" in parameter:
                        parameter["description"] = translated(parameter["description"])
                for status, response in operation.get("responses", {}).items():
                    if str(status) == "401":
                        response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string", "enum": ["Bearer"]}}}
        return schema


# The docs page uses the Swagger files bundled with django-ninja only when "ninja" is an
# installed app; otherwise it would load them from a CDN, so it is left out.
api = LanToaAPI(
    title=gettext_lazy("Lan Tỏa API"),
    description=gettext_lazy(
        "Plans and their figures for the units you may read, the same as on the screens. "
        "Send an API token in the header “Authorization: Bearer <token>”, or sign in to the admin first."
    ),
    version="1",
    urls_namespace="api",
    auth=api_auth,
    docs_url="/docs" if apps.is_installed("ninja") else None,
)
api.add_router("", plans.router)
api.add_router("", search.router)  # public: its one operation sets auth=None


def field_problem(error: dict) -> str:
    field = str(error.get("loc", ("",))[-1])
    hints = {
        "plan_id": _("The plan id must be a positive whole number."),
        "limit": _("limit must be a whole number from 1 to %(max)s.") % {"max": formats.number(plans.MAX_LIMIT)},
        "offset": _("offset must be a whole number from 0 to %(max)s.") % {"max": formats.number(plans.MAX_OFFSET)},
    }
    return hints.get(field) or _("The value of %(field)s is not valid.") % {"field": field}


@api.exception_handler(ValidationError)
def invalid_input(request, exc: ValidationError):
    problems = dict.fromkeys(field_problem(error) for error in exc.errors)
    return api.create_response(request, {"detail": " ".join(problems)}, status=422)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc: AuthenticationError):
    detail = _("Log in, or send a valid API token in the header “Authorization: Bearer <token>”.")
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    # The same answer for "does not exist" and "not yours": the API does not leak existence.
    return api.create_response(request, {"detail": _("Not found, or outside your scope.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)
