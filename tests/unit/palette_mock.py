"""Addresses and secrets the unit tests share."""

from __future__ import annotations

BASE_URL = "https://palette.example.com"
SMTP_URL = BASE_URL + "/v1/system/config/smtp"
VALIDATE_URL = SMTP_URL + "/validate"
LOGIN_URL = BASE_URL + "/v1/auth/syslogin"

CONSOLE_PASSWORD = "console-Secret-42"
SMTP_PASSWORD = "smtp-Secret-17"
TOKEN = "token-9f8e7d6c5b4a"
