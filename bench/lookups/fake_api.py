#!/usr/bin/env python3
"""A minimal HTTPS Kubernetes API for the benchmarks: what restore-mutator reads and writes.

Usage: fake_api.py PORT CERT KEY TOKEN

Used by bench/lookups.sh (lookups) and bench/load.sh (the restore report). Requests without the
bearer TOKEN get 401. HTTP/1.1 keep-alive, one thread per connection.

Reads (GET): /version, the OpenShift Image and Ingress configs, any Restore in any namespace
(spec.namespaceMapping shop-old: shop), any ServiceAccount in any namespace (with the 4.16+
pull-secret annotation), and the ConfigMaps and Events written here.

Writes, kept in memory as the API server would store them (metadata.uid, resourceVersion,
creationTimestamp set by the server): ConfigMaps and Events in any namespace, POST (201; 409
AlreadyExists when the name is taken), PATCH with a JSON merge patch (200; 404 when absent), PUT
(200; 404 when absent, 409 Conflict on a stale metadata.resourceVersion) and DELETE. Everything
else is the API server's 404 Status.

GET /fake/stats (no token needed) answers the requests counted so far as JSON: "writes" (the
ConfigMap and Event writes answered 2xx), "requests" by method and resource, "status" by code,
and the request body bytes of the writes. The same line is printed on SIGTERM.
"""
import json
import re
import signal
import socket
import ssl
import sys
import threading
import uuid
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, CERT, KEY, TOKEN = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]

VERSION = {"major": "1", "minor": "31+", "gitVersion": "v1.31.6+f2d1d8b", "platform": "linux/amd64"}
IMAGE = {"apiVersion": "config.openshift.io/v1", "kind": "Image", "metadata": {"name": "cluster"},
         "status": {"internalRegistryHostname": "image-registry.openshift-image-registry.svc:5000"}}
INGRESS = {"apiVersion": "config.openshift.io/v1", "kind": "Ingress", "metadata": {"name": "cluster"},
           "spec": {"domain": "apps.dest.example.com"}}
RESTORE = re.compile(r"^/apis/velero\.io/v1/namespaces/([^/]+)/restores/([^/]+)$")
ACCOUNT = re.compile(r"^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)$")
# Core objects written by the report: collection (POST) or one object (GET, PATCH, PUT, DELETE).
STORED = re.compile(r"^/api/v1/namespaces/([^/]+)/(configmaps|events)(?:/([^/]+))?$")
KINDS = {"configmaps": "ConfigMap", "events": "Event"}
MERGE_PATCH = "application/merge-patch+json"

lock = threading.Lock()
store = {}  # (resource, namespace, name) -> object
resource_version = [1000]
stats = {"writes": 0, "write_bytes": 0, "requests": {}, "status": {}}


def status(code, reason, message, name=None, resource=None):
    """The API server's Status object for a failed request."""
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
            "message": message, "reason": reason, "code": code}
    if name is not None:
        body["details"] = {"name": name, "kind": resource}
    return code, body


def not_found(resource=None, name=None):
    if resource is None:
        return status(404, "NotFound", "the server could not find the requested resource")
    return status(404, "NotFound", f'{resource} "{name}" not found', name, resource)


def merge(target, patch):
    """RFC 7386 JSON merge patch: null removes a key, objects merge, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge(result.get(key), value)
    return result


def next_version():
    resource_version[0] += 1
    return str(resource_version[0])


def read_only(path):
    if path == "/version":
        return 200, VERSION
    if path == "/apis/config.openshift.io/v1/images/cluster":
        return 200, IMAGE
    if path == "/apis/config.openshift.io/v1/ingresses/cluster":
        return 200, INGRESS
    match = RESTORE.match(path)
    if match:
        ns, name = match.groups()
        return 200, {"apiVersion": "velero.io/v1", "kind": "Restore",
                     "metadata": {"name": name, "namespace": ns, "uid": "8d5c7a1e"},
                     "spec": {"backupName": "nightly", "namespaceMapping": {"shop-old": "shop"}, "hooks": {}}}
    match = ACCOUNT.match(path)
    if match:
        ns, name = match.groups()
        secret = f"{name}-dockercfg-q8z4w"
        return 200, {"apiVersion": "v1", "kind": "ServiceAccount",
                     "metadata": {"name": name, "namespace": ns,
                                  "annotations": {"openshift.io/internal-registry-pull-secret-ref": secret}},
                     "imagePullSecrets": [{"name": secret}]}
    return not_found()


def stored(method, ns, resource, name, body, content_type):
    """A request on the ConfigMaps or Events of namespace ns (name None: the collection)."""
    kind = KINDS[resource]
    if name is None:
        if method != "POST":
            return status(405, "MethodNotAllowed", f"{method} of the {resource} collection is not supported here")
        if not isinstance(body, dict) or not isinstance(body.get("metadata"), dict) or not body["metadata"].get("name"):
            return status(422, "Invalid", f"{kind} without metadata.name")
        name = body["metadata"]["name"]
        key = (resource, ns, name)
        if key in store:
            return status(409, "AlreadyExists", f'{resource} "{name}" already exists', name, resource)
        obj = dict(body, apiVersion="v1", kind=kind)
        obj["metadata"] = dict(body["metadata"], namespace=ns, uid=str(uuid.uuid4()), resourceVersion=next_version(),
                               creationTimestamp=datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        store[key] = obj
        return 201, obj

    key = (resource, ns, name)
    current = store.get(key)
    if method == "GET":
        return (200, current) if current is not None else not_found(resource, name)
    if current is None:
        return not_found(resource, name)
    if method == "DELETE":
        del store[key]
        return 200, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success",
                     "details": {"name": name, "kind": resource}}
    if method == "PATCH":
        if content_type != MERGE_PATCH:
            return status(415, "UnsupportedMediaType", f"only {MERGE_PATCH} is supported here, not {content_type}")
        if not isinstance(body, dict):
            return status(400, "BadRequest", "the merge patch is not a JSON object")
        obj = merge(current, body)
    elif method == "PUT":
        if not isinstance(body, dict) or not isinstance(body.get("metadata"), dict):
            return status(422, "Invalid", f"{kind} without metadata")
        sent_version = body["metadata"].get("resourceVersion")
        if sent_version and sent_version != current["metadata"]["resourceVersion"]:
            return status(409, "Conflict", f'Operation cannot be fulfilled on {resource} "{name}": '
                          "the object has been modified; please apply your changes to the latest version and try again",
                          name, resource)
        obj = dict(body, apiVersion="v1", kind=kind)
        obj["metadata"] = dict(body["metadata"])
    else:
        return status(405, "MethodNotAllowed", f"{method} is not supported here")
    # What the server owns stays the server's.
    meta = obj.setdefault("metadata", {})
    for field in ("uid", "creationTimestamp"):
        meta[field] = current["metadata"][field]
    meta.update(name=name, namespace=ns, resourceVersion=next_version())
    store[key] = obj
    return 200, obj


def stats_line():
    return json.dumps(stats, sort_keys=True)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body are two writes: without this, Nagle plus the client's delayed ACK add ~40 ms per answer.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def handle_any(self):
        method = self.command
        raw = self.read_body()
        path = self.path.split("?", 1)[0].rstrip("/") or "/"
        if path == "/fake/stats" and method == "GET":
            with lock:
                code, body = 200, json.loads(stats_line())
            return self.send(code, body)
        match = STORED.match(path)
        resource = match.group(2) if match else "other"
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            code, body = status(401, "Unauthorized", "Unauthorized")
        else:
            try:
                body_in = json.loads(raw) if raw else None
            except ValueError as error:
                body_in = None
                code, body = status(400, "BadRequest", f"the request body is not JSON: {error}")
            else:
                content_type = self.headers.get("Content-Type", "").split(";", 1)[0].strip()
                with lock:
                    if match:
                        ns, _, name = match.groups()
                        code, body = stored(method, ns, resource, name, body_in, content_type)
                    elif method == "GET":
                        code, body = read_only(path)
                    else:
                        code, body = status(405, "MethodNotAllowed", f"{method} {path} is not supported here")
        with lock:
            counted = f"{method} {resource}"
            stats["requests"][counted] = stats["requests"].get(counted, 0) + 1
            stats["status"][str(code)] = stats["status"].get(str(code), 0) + 1
            if match and method in ("POST", "PATCH", "PUT") and 200 <= code < 300:
                stats["writes"] += 1
                stats["write_bytes"] += len(raw)
        self.send(code, body)

    def send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    def log_message(self, *args):
        pass


def stop(*_):
    with lock:
        print(f"fake API stats: {stats_line()}", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(CERT, KEY)
server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
server.daemon_threads = True
server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"fake API on https://127.0.0.1:{PORT}", flush=True)
server.serve_forever()
