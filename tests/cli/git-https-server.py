#!/usr/bin/python3
"""git-https-server.py ROOT CERT KEY PORTFILE LOG [USER:PASSWORD]

git http-backend (CGI) behind HTTPS on 127.0.0.1, for the sync tests:
serves the repositories under ROOT, with the certificate CERT and its
key KEY, on a free port that it writes to PORTFILE once it listens.
With CERT "-" it speaks plain HTTP instead (to test the warning about
passwords sent unencrypted).
With USER:PASSWORD every request needs that basic authentication, and
without it anyone may fetch and push; one line a request goes to LOG.
"""
import base64
import http.server
import os
import ssl
import subprocess
import sys

ROOT, CERT, KEY, PORTFILE, LOG = sys.argv[1:6]
AUTH = sys.argv[6] if len(sys.argv) > 6 else None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def note(self, status, user):
        with open(LOG, "a", encoding="utf-8") as f:
            f.write("%s %s %d %s\n" % (self.command, self.path, status, user or "-"))

    def body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def reply(self, status, headers, data):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def user(self):
        """The authenticated user, "" without AUTH, None if refused."""
        if not AUTH:
            return ""
        given = self.headers.get("Authorization", "")
        if given.startswith("Basic "):
            try:
                if base64.b64decode(given[6:]).decode("utf-8") == AUTH:
                    return AUTH.split(":", 1)[0]
            except ValueError:
                pass
        return None

    def git(self):
        data = self.body() if self.command == "POST" else b""
        user = self.user()
        if user is None:
            self.note(401, None)
            self.reply(401, [("WWW-Authenticate", 'Basic realm="casectl tests"')], b"")
            return
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": ROOT,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_PROJECT_ROOT": ROOT,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(data)),
            "REMOTE_ADDR": "127.0.0.1",
        }
        env["REMOTE_USER"] = user or "anonymous"
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(["git", "http-backend"], input=data, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.note(status, user)
        self.reply(status, headers, payload)

    do_GET = git
    do_POST = git


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if CERT != "-":
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(CERT, KEY)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    with open(PORTFILE + ".tmp", "w", encoding="utf-8") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(PORTFILE + ".tmp", PORTFILE)
    server.serve_forever()


if __name__ == "__main__":
    main()
