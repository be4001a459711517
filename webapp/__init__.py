"""Flask application factory for the place workforce platform."""

import base64
import hashlib
import logging
import re
import uuid

from flask import Flask, g, request
from flask.sessions import SecureCookieSessionInterface
from htmx_flask import Htmx
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from werkzeug.routing import IntegerConverter

from webapp import access, config, db, errors
from webapp.extensions import csrf, limiter, login_manager

log = logging.getLogger("webapp")


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits only, and no larger than an id column holds
    (PostgreSQL integer), so an oversized id is a 404 rather than a database overflow."""

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=2**31 - 1, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app."""
    app = Flask(__name__, instance_path=str(config.INSTANCE), template_folder=None)
    app.config.from_object(config.Config)
    app.config["SECRET_KEY"] = config._secret_key()
    app.config["DATABASE_URL"] = config.database_url()
    if test_config:
        app.config.update(test_config)
    app.session_interface = HttpsAwareSessionInterface()
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    _init_logging()
    _init_templates(app)
    app.url_map.converters["int"] = DatabaseIdConverter
    db.init_app(app)
    Htmx(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    _init_request_ids(app)
    _init_security_headers(app)
    _register_blueprints(app)
    access.init_app(app)
    errors.init_app(app)
    from webapp import cli

    cli.init_app(app)
    return app


def _init_templates(app: Flask) -> None:
    app.jinja_options = {
        "undefined": ChainableUndefined,
        "loader": ChoiceLoader(
            [
                FileSystemLoader(str(config.ROOT / "templates")),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
        "autoescape": True,
        "extensions": ["jinja2.ext.do"],
    }
    from webapp import filters
    from webapp.views import shown_url

    filters.init_app(app)
    app.add_template_global(shown_url)


def _register_blueprints(app: Flask) -> None:
    """Register the `bp` of every module in webapp.views."""
    import importlib
    import pkgutil

    from webapp import views

    for info in sorted(pkgutil.iter_modules(views.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"webapp.views.{info.name}")
        if hasattr(module, "bp"):
            app.register_blueprint(module.bp)


class RequestIdFilter(logging.Filter):
    """Stamp every log record with the current request's id (or "-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        from flask import has_request_context

        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def _init_logging() -> None:
    """Log the app's own records to stderr once, each line carrying the request id."""
    if log.handlers:
        return
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def _init_request_ids(app: Flask) -> None:
    @app.before_request
    def assign_request_id() -> None:
        g.request_id = request.headers.get("X-Request-ID", "")[:36] or str(uuid.uuid4())

    @app.after_request
    def send_request_id(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


def _inline_script_hashes(app: Flask) -> str:
    """CSP sources for the NHS.UK page template's one inline script (it marks the body
    js-enabled before paint), hashed from the template itself so an upgrade cannot break it."""
    source, _, _ = app.jinja_env.loader.get_source(app.jinja_env, "nhsuk/template.jinja")
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", source, re.S)
    digests = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
               for s in scripts if s.strip() and "{" not in s.replace("{}", "")]
    return " ".join(f"'sha256-{d}'" for d in digests)


def _init_security_headers(app: Flask) -> None:
    """Our own scripts, styles and images only; https remembered; nothing but static files
    kept in a cache (passports, the API and every page are personal)."""
    policy = ("default-src 'self'; script-src 'self' " + _inline_script_hashes(app) +
              "; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
              "form-action 'self'; frame-ancestors 'none'")

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
