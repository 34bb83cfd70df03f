# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one list of what the collection manages: every section of the console document, in the
console's own order. palette_system_config, palette_system_info and the tests' checks of the
simulator follow from it; adding a setting adds it here and nowhere else.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._document import ConsoleDocument
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Setting, SettingChoice
from ansible_collections.palette.selfhosted.plugins.module_utils._group import SettingGroup
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.activation import ACTIVATION
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.aws_sts import AWS_STS_ACCOUNTS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.classification_banner import (
    CLASSIFICATION_BANNER,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.cloud_credentials import CLOUD_CREDENTIALS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.feature_flag import FEATURE_FLAGS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.reverse_proxy import REVERSE_PROXY
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_account import SYSTEM_ACCOUNTS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_address import SYSTEM_ADDRESS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_registry import SYSTEM_REGISTRIES
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import TENANTS
from ansible_collections.palette.selfhosted.plugins.module_utils._system_admin import SYSTEM_ADMIN

# The order is the console's: the admin signs in before anything; SMTP before what sends email (the
# admin's address verification, the system accounts' activation links, the tenants' invitations);
# the system address and certificate right after the password and SMTP, since tenant SSO and
# clusters need the final address; the activation; the settings; the cloud credentials, the STS
# account and the system registries, which tenants' clusters use; the feature flags before the
# tenants that use their features; the system accounts; the tenants last.
CONSOLE = ConsoleDocument(
    (
        SMTP,
        SYSTEM_ADMIN,
        SYSTEM_ADDRESS,
        ACTIVATION,
        SESSION_TIMEOUT,
        LOGIN_BANNER,
        CLASSIFICATION_BANNER,
        REVERSE_PROXY,
        CLOUD_CREDENTIALS,
        AWS_STS_ACCOUNTS,
        SYSTEM_REGISTRIES,
        FEATURE_FLAGS,
        BACKUP,
        SYSTEM_ACCOUNTS,
        TENANTS,
    )
)


def _settings(kinds):
    for kind in kinds:
        if isinstance(kind, SettingChoice):
            yield from kind.choices.values()
        elif isinstance(kind, SettingGroup):
            yield from kind.members.values()
        elif isinstance(kind, Setting):
            yield kind


# Every singleton setting under its own API path (a choice's or a group's settings each on their own).
SETTINGS = tuple(_settings(CONSOLE.sections))
