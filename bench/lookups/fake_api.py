#!/usr/bin/env python3
"""A minimal HTTPS Kubernetes API for bench/lookups.sh: the objects restore-mutator's lookups read.

Usage: fake_api.py PORT CERT KEY TOKEN. Answers GETs of /version, the OpenShift Image and Ingress
configs, any Restore in openshift-adp, and any ServiceAccount in any namespace (with the 4.16+
pull-secret annotation); everything else is the API server's 404 Status. Requests without the
bearer TOKEN get 401. HTTP/1.1 keep-alive, one thread per connection.
"""
import json
import re
import socket
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, CERT, KEY, TOKEN = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

VERSION = {"major": "1", "minor": "31+", "gitVersion": "v1.31.6+f2d1d8b", "platform": "linux/amd64"}
IMAGE = {"apiVersion": "config.openshift.io/v1", "kind": "Image", "metadata": {"name": "cluster"},
         "status": {"internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000"}}
INGRESS = {"apiVersion": "config.openshift.io/v1", "kind": "Ingress", "metadata": {"name": "cluster"},
           "spec": {"domain": "apps.dest.example.com"}}
RESTORE = re.compile(r"^/apis/velero\.io/v1/namespaces/openshift-adp/restores/([^/]+)$")
ACCOUNT = re.compile(r"^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)$")
NOT_FOUND = {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404}


def answer(path):
    path = path.split("?", 1)[0].rstrip("/") or "/"
    if path == "/version":
        return 200, VERSION
    if path == "/apis/config.openshift.io/v1/images/cluster":
        return 200, IMAGE
    if path == "/apis/config.openshift.io/v1/ingresses/cluster":
        return 200, INGRESS
    match = RESTORE.match(path)
    if match:
        return 200, {"apiVersion": "velero.io/v1", "kind": "Restore",
                     "metadata": {"name": match.group(1), "namespace": "openshift-adp", "uid": "8d5c7a1e"},
                     "spec": {"backupName": "nightly", "namespaceMapping": {"shop-old": "shop"}, "hooks": {}}}
    match = ACCOUNT.match(path)
    if match:
        ns, name = match.groups()
        secret = f"{name}-dockercfg-q8z4w"
        return 200, {"apiVersion": "v1", "kind": "ServiceAccount",
                     "metadata": {"name": name, "namespace": ns,
                                  "annotations": {"openshift.io/internal-registry-pull-secret-ref": secret}},
                     "imagePullSecrets": [{"name": secret}]}
    return 404, NOT_FOUND


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body are two writes: without this, Nagle plus the client's delayed ACK add ~40 ms per answer.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            status, body = 401, {"kind": "Status", "reason": "Unauthorized", "code": 401}
        else:
            status, body = answer(self.path)
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERT, KEY)
server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"fake API on https://127.0.0.1:{PORT}", flush=True)
server.serve_forever()
