"""Blueprints: parse the request, check permission, call a service, render."""

from flask import abort, current_app, request, url_for

NOT_CONFIGURED = ("This service's public address (PUBLIC_BASE_URL) is not configured, so it "
                  "cannot sign credentials or make share links. Ask the administrator to set it.")


def public_base_url(required: bool = True) -> str | None:
    """This service's public address, ending in "/": PUBLIC_BASE_URL, or in development and
    testing the address it was asked on. The Host header is never trusted in production:
    everything signed or shared carries this address. Unset in production: 503 if required,
    else None."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + "/"
    if current_app.debug or current_app.testing:
        return request.url_root
    if required:
        abort(503, NOT_CONFIGURED)
    return None


def public_url(endpoint: str, **values) -> str:
    """The full public address of an endpoint, for what is signed or shared (503 if unset)."""
    return public_base_url().rstrip("/") + url_for(endpoint, **values)


def shown_url(endpoint: str, **values) -> str:
    """The public address to show on a page: the path alone when it is not configured."""
    base = public_base_url(required=False)
    path = url_for(endpoint, **values)
    return base.rstrip("/") + path if base else path
