#!/usr/bin/env python3
"""Writes a synthetic Velero backup tarball with N objects (default 10,000) for measuring `preview`.

Each object is written twice, as Velero does (resources/<r>/namespaces/... and
resources/<r>/<version>-preferredversion/...). Usage: make-large-backup.py OUTPUT [N]
"""
import io
import json
import sys
import tarfile

KINDS = [
    ("pods", "v1", "Pod"),
    ("deployments.apps", "apps/v1", "Deployment"),
    ("configmaps", "v1", "ConfigMap"),
    ("services", "v1", "Service"),
    ("routes.route.openshift.io", "route.openshift.io/v1", "Route"),
]


def make(index):
    resource, api_version, kind = KINDS[index % len(KINDS)]
    ns = f"team-{index % 50}"
    name = f"obj-{index}"
    obj = {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {
            "name": name,
            "namespace": ns,
            "uid": f"00000000-0000-4000-8000-{index:012d}",
            "resourceVersion": str(1000 + index),
            "labels": {"app": name},
            "annotations": {"openshift.io/backup-registry-hostname": "docker-registry.default.svc:5000"},
        },
    }
    pod_spec = {"containers": [{"name": "app", "image": f"docker-registry.default.svc:5000/{ns}/app:{index}",
                                "env": [{"name": f"VAR_{i}", "value": str(i)} for i in range(10)]}]}
    if kind == "Pod":
        if index % 3:
            obj["metadata"]["labels"]["pod-template-hash"] = "abc123"
        obj["spec"] = pod_spec
    elif kind == "Deployment":
        obj["spec"] = {"replicas": 2, "template": {"metadata": {"labels": {"app": name}}, "spec": pod_spec}}
    elif kind == "ConfigMap":
        obj["data"] = {f"key{i}": "x" * 64 for i in range(20)}
    elif kind == "Service":
        obj["spec"] = {"type": "ClusterIP", "ports": [{"port": 80, "targetPort": 8080}]}
    else:
        obj["metadata"]["annotations"]["openshift.io/host.generated"] = "true"
        obj["spec"] = {"host": f"{name}-{ns}.apps.old.example.com", "to": {"kind": "Service", "name": name}}
    version = api_version.split("/")[-1]
    return resource, version, ns, name, json.dumps(obj, indent=2).encode()


def main():
    output = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    with tarfile.open(output, "w:gz") as tar:
        for index in range(count):
            resource, version, ns, name, data = make(index)
            for path in (f"resources/{resource}/namespaces/{ns}/{name}.json",
                         f"resources/{resource}/{version}-preferredversion/namespaces/{ns}/{name}.json"):
                info = tarfile.TarInfo(path)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    print(f"wrote {output} with {count} objects")


if __name__ == "__main__":
    main()
