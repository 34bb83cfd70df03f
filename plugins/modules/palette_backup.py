#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_backup
short_description: Schedule database backups of a self-hosted Palette system console to S3 or FTP
version_added: 0.2.0
description:
  - Sets where and when Palette backs up its database, as an operator does on
    I(System Console > Administration > Backup/Restore). Backups go to an S3 bucket or to an FTP
    server, at an hour of the day, with an interval and a retention period.
  - O(storage) chooses the target. Palette keeps the S3 and the FTP config apart, under their own
    API paths; the module sets the one O(storage) names and leaves the other as it is.
  - The options together are the desired state; an optional one left out is cleared.
  - Before a write (and in check mode) Palette checks that it can write to and read from the target
    (C(POST /v1/system/config/s3/validate) or C(/ftp/validate), with C(permission=readwrite)).
    A failed validation fails the task and saves nothing.
  - The module reads the stored config, compares, and writes only when it differs, then reads it
    back and fails if Palette did not keep it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.setting
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    details:
      - Check mode reads the stored config and, when it would change, validates the desired target
        through the API (validation saves nothing). It never writes.
  diff_mode:
    details:
      - The S3 secret key or the FTP password shows as V(********) on both sides when set.
options:
  storage:
    description:
      - Where the backups go. Each choice has its own options below; an option of the other one
        fails the task.
    type: str
    required: true
    choices: [s3, ftp]
  hour_of_day:
    description:
      - Hour of the day at which a backup starts, V(0) to V(23) (the console's I(Start time)).
    type: int
    required: true
  interval:
    description:
      - How often a backup runs, as the console's I(Backup interval) field takes it; at least V(1).
    type: int
    required: true
  retention_period:
    description:
      - How long Palette keeps a backup, as the console's I(Retention period) field takes it; at least V(1).
    type: int
    required: true
  bucket:
    description:
      - With O(storage=s3), required. Name of the S3 bucket, without slashes.
    type: str
  region:
    description:
      - With O(storage=s3), required. AWS region of the bucket, for example V(us-east-1).
    type: str
  folder:
    description:
      - With O(storage=s3), the folder (key prefix) inside the bucket. Left out, backups go to the
        bucket's top level.
    type: str
  access_key:
    description:
      - With O(storage=s3), required. Access key ID of an identity that may write to and read from
        the bucket.
    type: str
  secret_key:
    description:
      - With O(storage=s3), required. Secret access key of O(access_key).
      - Never shown in output, diff, warnings or errors. When Palette does not return it in a form
        that can be compared, O(update_secret_key) decides when it is sent.
    type: str
  update_secret_key:
    description:
      - With O(storage=s3), when the secret key is sent, in case Palette does not return the stored
        one in a form that can be compared.
      - V(on_change) sends it only with another change, so a second run reports no change.
      - V(always) sends it on every run, which then reports changed.
      - When Palette returns the stored key, it is compared and this option has no effect.
    type: str
    choices: [on_change, always]
    default: on_change
  server:
    description:
      - With O(storage=ftp), required. Host name or IP address of the FTP server, with V(:port)
        when it does not listen on 21.
    type: str
  directory:
    description:
      - With O(storage=ftp), the directory on the FTP server the backups go to. Left out, the
        login directory.
    type: str
  username:
    description:
      - With O(storage=ftp), the FTP user. Requires O(password); leave out both for anonymous FTP.
    type: str
  password:
    description:
      - With O(storage=ftp), the password of O(username).
      - Never shown in output, diff, warnings or errors. When Palette does not return it in a form
        that can be compared, O(update_password) decides when it is sent.
    type: str
  update_password:
    description:
      - With O(storage=ftp), when the password is sent, in case Palette does not return the stored
        one in a form that can be compared.
      - V(on_change) sends it only with another change, so a second run reports no change.
      - V(always) sends it on every run, which then reports changed.
      - When Palette returns the stored password, it is compared and this option has no effect.
    type: str
    choices: [on_change, always]
    default: on_change
  validate:
    description:
      - Have Palette check that it can write to and read from the target before saving.
      - V(false) saves without validation, for a target Palette cannot reach yet.
    type: bool
    default: true
notes:
  - Palette's API documents the units of O(interval) and O(retention_period) no more than the
    fields' names; give the numbers the system console takes for them.
  - The secret key and the FTP password are never returned; one that Palette returns when read is
    also removed from all output.
seealso:
  - module: palette.selfhosted.palette_system_info
    description: Reads both backup configs, secrets removed.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Back up the console's database to S3 at 2 am, keeping a week of backups
  palette.selfhosted.palette_backup:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    storage: s3
    hour_of_day: 2
    interval: 1
    retention_period: 7
    bucket: example-palette-backups
    region: eu-west-1
    folder: production
    access_key: AKIAEXAMPLE0123456789
    secret_key: "{{ vault_backup_secret_key }}"

- name: Back up to an FTP server in the data centre, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: Nightly backups over FTP, kept for 30 days
      palette.selfhosted.palette_backup:
        storage: ftp
        hour_of_day: 0
        interval: 1
        retention_period: 30
        server: ftp.example.com:2121
        directory: /backups/palette
        username: palette-backup
        password: "{{ vault_ftp_password }}"

- name: Rotate the S3 secret key even though Palette does not show the stored one
  palette.selfhosted.palette_backup:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    storage: s3
    hour_of_day: 2
    interval: 1
    retention_period: 7
    bucket: example-palette-backups
    region: eu-west-1
    access_key: AKIAEXAMPLE0123456789
    secret_key: "{{ vault_backup_secret_key }}"
    update_secret_key: always
"""

RETURN = r"""
backup_s3:
  description: With O(storage=s3), the S3 backup config after the run (in check mode, as it would be),
    without the secret key.
  returned: success and O(storage=s3)
  type: dict
  contains:
    hour_of_day:
      description: Hour of the day a backup starts.
      type: int
      sample: 2
    interval:
      description: The backup interval.
      type: int
      sample: 1
    retention_period:
      description: The retention period.
      type: int
      sample: 7
    bucket:
      description: The bucket.
      type: str
      sample: example-palette-backups
    region:
      description: Its region.
      type: str
      sample: eu-west-1
    folder:
      description: The folder inside the bucket, V(null) when none.
      type: str
      sample: production
    access_key:
      description: The access key ID.
      type: str
      sample: AKIAEXAMPLE0123456789
backup_ftp:
  description: With O(storage=ftp), the FTP backup config after the run (in check mode, as it would be),
    without the password.
  returned: success and O(storage=ftp)
  type: dict
  contains:
    hour_of_day:
      description: Hour of the day a backup starts.
      type: int
      sample: 0
    interval:
      description: The backup interval.
      type: int
      sample: 1
    retention_period:
      description: The retention period.
      type: int
      sample: 30
    server:
      description: The FTP server.
      type: str
      sample: ftp.example.com:2121
    directory:
      description: The directory on it, V(null) when none.
      type: str
      sample: /backups/palette
    username:
      description: The FTP user, V(null) when anonymous.
      type: str
      sample: palette-backup
validated:
  description: Whether Palette validated the target in this run (only when something was to change).
  returned: success
  type: bool
  sample: true
audit_uid:
  description: The C(AuditUid) Palette gave the validation.
  returned: when validated
  type: str
  sample: 64f1c2d3e4a5b6c7d8e9f0a1
diff:
  description: The config before and after, the secret as a mask. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {hour_of_day: null, interval: null, retention_period: null, bucket: null, region: null,
             folder: null, access_key: null, secret_key: null}
    after: {hour_of_day: 2, interval: 1, retention_period: 7, bucket: example-palette-backups,
            region: eu-west-1, folder: production, access_key: AKIAEXAMPLE0123456789, secret_key: "********"}
error:
  description: What Palette answered, when the task failed on an API call (a failed validation among them).
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status, V(null) when no answer came (connection, TLS or time-out).
      type: int
      sample: 400
    code:
      description: The C(code) of Palette's error.
      type: str
    message:
      description: The C(message) of Palette's error.
      type: str
    details:
      description: The C(details) of Palette's error.
      type: raw
    ref:
      description: The C(ref) of Palette's error.
      type: str
    audit_uid:
      description: The C(AuditUid) header of the answer, if any.
      type: str
"""

from ansible_collections.palette.selfhosted.plugins.module_utils._module import run_module
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP


def main():
    run_module(BACKUP)


if __name__ == "__main__":
    main()
