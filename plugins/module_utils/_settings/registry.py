# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every system console setting and keyed resource the collection manages, one descriptor per
module of this package.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP_FTP, BACKUP_S3
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.classification_banner import (
    CLASSIFICATION_BANNER,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.reverse_proxy import REVERSE_PROXY
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import TENANT

SETTINGS = (SMTP, SESSION_TIMEOUT, LOGIN_BANNER, CLASSIFICATION_BANNER, REVERSE_PROXY, BACKUP_S3, BACKUP_FTP)
RESOURCES = (TENANT,)
