"""The hand-written OpenAPI 3.1 document served at /api/openapi.json."""

PROBLEM = {"description": "Problem details (RFC 9457)",
           "content": {"application/problem+json": {
               "schema": {"$ref": "#/components/schemas/Problem"}}}}


def _json(schema: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Place Workforce API", "version": "1.0.0",
             "description": "Skills passports for an integrated care place, and public "
                            "verification of shared passports and signed credentials."},
    "paths": {
        "/api/staff/{staff_id}/passport": {"get": {
            "summary": "A member's passport",
            "description": "For the member themself and those allowed to see their passport "
                           "(their employers' managers and issuers, other organisations under "
                           "an agreement or the member's share, in part; registered "
                           "professionals with an active delegation to them; workforce leads "
                           "and admins). Anyone else gets the 404 a missing id gets. Audited.",
            "parameters": [{"name": "staff_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "security": [{"session": []}],
            "responses": {"200": _json("Passport", "The passport, grouped by category"),
                          "404": PROBLEM}}},
        "/api/verify/credential": {"post": {
            "summary": "Check a signed credential (VC-JWT)",
            "description": "Checks the EdDSA signature against /.well-known/jwks.json, the "
                           "issuer, validFrom/validUntil and the revocation bit in "
                           "/credentials/status/1. Changes nothing, so needs no CSRF token.",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["credential"],
                "properties": {"credential": {"type": "string"}}}}}},
            "responses": {"200": _json("Verification", "The outcome, valid or not"),
                          "400": PROBLEM, "429": PROBLEM}}},
        "/api/verify/share/{token}": {"get": {
            "summary": "What a share link shows",
            "parameters": [{"name": "token", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _json("SharedPassport", "The shared records"),
                          "404": PROBLEM, "410": PROBLEM, "429": PROBLEM}}},
    },
    "components": {
        "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"}},
        "schemas": {
            "Problem": {"type": "object", "properties": {
                "type": {"type": "string"}, "title": {"type": "string"},
                "status": {"type": "integer"}, "detail": {"type": "string"},
                "request_id": {"type": "string"}}},
            "Record": {"type": "object", "properties": {
                "code": {"type": "string"}, "title": {"type": "string"},
                "level": {"type": ["string", "null"]},
                "status": {"enum": ["current", "expiring", "expired", "not_held", "revoked"]},
                "achieved_on": {"type": ["string", "null"], "format": "date"},
                "valid_until": {"type": ["string", "null"], "format": "date"},
                "verified_by_organisation": {"type": ["string", "null"]},
                "verified_on": {"type": ["string", "null"], "format": "date"},
                "self_declared": {"type": "boolean"}}},
            "Passport": {"type": "object", "properties": {
                "staff_id": {"type": "integer"}, "staff_number": {"type": "string"},
                "name": {"type": "string"},
                "employers": {"type": "array", "items": {"type": "object"}},
                "groups": {"type": "array", "items": {"type": "object", "properties": {
                    "category": {"type": "string"},
                    "items": {"type": "array",
                              "items": {"$ref": "#/components/schemas/Record"}}}}}}},
            "SharedPassport": {"type": "object", "properties": {
                "name": {"type": "string"}, "expires_at": {"type": "string",
                                                           "format": "date-time"},
                "records": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}},
            "Verification": {"type": "object", "properties": {
                "valid": {"type": "boolean"},
                "reasons": {"type": "array", "items": {"type": "string"},
                            "description": "Why it is not valid (empty when valid)"},
                "signature": {"enum": ["valid", "not valid"]},
                "key_id": {"type": ["string", "null"]}, "issuer": {"type": ["string", "null"]},
                "name": {"type": ["string", "null"]}, "subject": {"type": ["string", "null"]},
                "valid_from": {"type": ["string", "null"], "format": "date-time"},
                "valid_until": {"type": ["string", "null"], "format": "date-time"},
                "status": {"enum": ["revoked", "not revoked", "not checked"]}}},
        },
    },
}
