"""Real backup targets for the simulator's validation to talk to, on loopback: an FTP server
(pyftpdlib) with one user and its home directory, and a local S3 (moto's server mode) with one
bucket. Both log what clients did, so tests can prove validation reached them."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import requests
from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.ioloop import IOLoop
from pyftpdlib.servers import ThreadedFTPServer

from palette_simulator.net import free_port

# Both servers log every request at INFO; the tests' output should show only what they assert on.
for _name in ("pyftpdlib", "werkzeug"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).setLevel(logging.WARNING)


class FtpServer:
    """An FTP server whose one user may write, read and delete in ``home``."""

    def __init__(self, home, user, password, host="127.0.0.1"):
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.host = host
        self.logins = []  # (user name, accepted)
        authorizer = _LoggingAuthorizer(self.logins)
        authorizer.add_user(user, password, str(self.home), perm="elradfmw")
        # A refused login answers at once: pyftpdlib's default 3 s delay only slows the tests.
        handler = type(
            "Handler", (FTPHandler,), {"authorizer": authorizer, "banner": "lab ftp ready", "auth_failed_timeout": 0}
        )
        # An IO loop of its own: pyftpdlib's default one is shared by every server in the process,
        # and stopping one lab would close the FTP server of the next.
        self._server = ThreadedFTPServer((host, 0), handler, ioloop=IOLoop())
        # Likewise its stop event and lock are class attributes: once one server stopped, the
        # connections of every later one would end at once.
        self._server._exit = threading.Event()
        self._server._lock = threading.Lock()
        self.port = self._server.address[1]

    @property
    def address(self):
        return f"{self.host}:{self.port}"

    def start(self):
        threading.Thread(target=self._server.serve_forever, kwargs={"blocking": True}, daemon=True).start()
        return self

    def stop(self):
        self._server.close_all()


class _LoggingAuthorizer(DummyAuthorizer):
    def __init__(self, logins):
        super().__init__()
        self._logins = logins

    def validate_authentication(self, username, password, handler):
        try:
            super().validate_authentication(username, password, handler)
        except Exception:
            self._logins.append((username, False))
            raise
        self._logins.append((username, True))


class S3Server:
    """moto's S3 in server mode, with ``bucket`` created in ``region``."""

    def __init__(self, bucket, region, host="127.0.0.1"):
        # Imported here: moto is slow to import, and only labs with backup targets need it.
        from moto.server import ThreadedMotoServer

        self.bucket = bucket
        self.region = region
        self.host = host
        self.port = free_port(host)
        self._server = ThreadedMotoServer(ip_address=host, port=self.port, verbose=False)

    @property
    def endpoint(self):
        return f"http://{self.host}:{self.port}"

    def start(self):
        self._server.start()
        # moto keeps its state per process, not per server: start from an empty S3.
        requests.post(f"{self.endpoint}/moto-api/reset", timeout=10).raise_for_status()
        self.client().create_bucket(Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": self.region})
        return self

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=self.region,
            aws_access_key_id="lab",
            aws_secret_access_key="lab",
        )

    def stop(self):
        self._server.stop()
