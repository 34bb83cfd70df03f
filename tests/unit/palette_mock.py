"""Addresses and secrets the unit tests share."""

from __future__ import annotations

BASE_URL = "https://palette.example.com"
SMTP_URL = BASE_URL + "/v1/system/config/smtp"
VALIDATE_URL = SMTP_URL + "/validate"
LOGIN_URL = BASE_URL + "/v1/auth/syslogin"

CONSOLE_PASSWORD = "console-Secret-42"
SMTP_PASSWORD = "smtp-Secret-17"
TOKEN = "token-9f8e7d6c5b4a"

# A complete, valid palette_smtp call, and the v1SystemSmtpSpec it must send.
CONNECTION = {"host": "palette.example.com", "auth_username": "admin", "auth_password": CONSOLE_PASSWORD}
SMTP = {
    "server": "smtp.example.com",
    "port": 587,
    "from_email": "palette@example.com",
    "username": "mailer",
    "password": SMTP_PASSWORD,
}
ARGS = {**CONNECTION, **SMTP}
DESIRED_PAYLOAD = {
    "smtpServer": "smtp.example.com",
    "smtpPort": 587,
    "fromEmailId": "palette@example.com",
    "userName": "mailer",
    "password": SMTP_PASSWORD,
    "insecureSkipVerifyTls": False,
}
