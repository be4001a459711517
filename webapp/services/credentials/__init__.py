"""Signed credentials, as one feature: issuing an entry as an Open Badges 3.0 VC-JWT and revoking
it (`badges`), the platform's signing keys (`signing_keys`), the revocation status list
(`status_list`) and checking a credential someone shows us (`verification`)."""

from webapp.services.credentials.badges import (
    NotIssuable,
    Platform,
    issuable_entry,
    issue_credential,
    revoke_entry,
)

__all__ = ["NotIssuable", "Platform", "issuable_entry", "issue_credential", "revoke_entry"]
