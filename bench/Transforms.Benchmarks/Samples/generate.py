#!/usr/bin/env python3
"""Writes the benchmark and load-test samples (bench/loadgen case files) into this folder.

The files are committed; this script documents how they were made and regenerates them:
    python3 bench/Transforms.Benchmarks/Samples/generate.py
Objects look like what Velero creates from an OpenShift 3.11 backup (owner references, uid,
resourceVersion and status already stripped, restore labels added) and carry what the rules of
SPEC section 3 read: internal-registry and quay.io/docker.io images, a hostname nodeSelector,
generated route hosts, pull secrets.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC_REGISTRY = "docker-registry.default.svc:5000"

RESTORE_LABELS = {
    "velero.io/backup-name": "nightly-20261120",
    "velero.io/restore-name": "nightly-20261120-0200",
}
BACKUP_ANNOTATIONS = {
    "openshift.io/backup-registry-hostname": SRC_REGISTRY,
    "openshift.io/backup-server-version": "1.11",
}


def metadata(name, labels, annotations):
    return {
        "name": name,
        "namespace": "shop",
        "labels": {**labels, **RESTORE_LABELS},
        "annotations": {**annotations, **BACKUP_ANNOTATIONS},
    }


def env(i, prefix="SETTING"):
    return {"name": f"{prefix}_{i:05d}", "value": f"value-{i:05d}-" + "x" * 24}


def container(name, image, env_count=6, env_prefix="SETTING"):
    return {
        "name": name,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "command": ["/usr/bin/entrypoint", "--config", "/etc/app/config.yaml"],
        "args": ["--log-level=info", "--listen=:8080"],
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"},
                  {"name": "metrics", "containerPort": 9090, "protocol": "TCP"}],
        "env": [env(i, env_prefix) for i in range(env_count)] + [
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
            {"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db-credentials", "key": "password"}}},
        ],
        "resources": {"limits": {"cpu": "500m", "memory": "512Mi"}, "requests": {"cpu": "100m", "memory": "256Mi"}},
        "volumeMounts": [{"name": "config", "mountPath": "/etc/app", "readOnly": True},
                         {"name": "data", "mountPath": "/var/lib/app"}],
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080, "scheme": "HTTP"}, "initialDelaySeconds": 10,
                          "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3},
        "readinessProbe": {"httpGet": {"path": "/readyz", "port": 8080, "scheme": "HTTP"}, "timeoutSeconds": 1,
                           "periodSeconds": 5, "successThreshold": 1, "failureThreshold": 3},
        "securityContext": {"capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True, "allowPrivilegeEscalation": False},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    }


def pod_spec(containers, init_containers=()):
    return {
        "initContainers": list(init_containers),
        "containers": containers,
        "volumes": [
            {"name": "config", "configMap": {"name": "web-config", "defaultMode": 420}},
            {"name": "data", "persistentVolumeClaim": {"claimName": "web-data"}},
        ],
        "nodeSelector": {"kubernetes.io/hostname": "worker-old-1", "node-role.kubernetes.io/compute": "true"},
        "imagePullSecrets": [{"name": "acme-pull-secret"}],
        "serviceAccountName": "web",
        "serviceAccount": "web",
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
        "schedulerName": "default-scheduler",
        "securityContext": {"seLinuxOptions": {"level": "s0:c12,c4"}, "fsGroup": 1000140000},
        "terminationGracePeriodSeconds": 30,
        "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                         "tolerationSeconds": 300}],
    }


def case(name, group, version, kind, resource, obj):
    return {
        "name": name,
        "request": {
            "kind": {"group": group, "version": version, "kind": kind},
            "resource": {"group": group, "version": version, "resource": resource},
            "namespace": obj["metadata"]["namespace"],
            "name": obj["metadata"]["name"],
            "operation": "CREATE",
            "object": obj,
        },
        "expect": {"allowed": True},
    }


def pod():
    # A standalone pod (no controller labels, so not skipped by P2): every rule that reads pods runs
    # to completion and the answer carries a patch.
    spec = pod_spec(
        [container("web", f"{SRC_REGISTRY}/shop-old/web:1.4", 2),
         container("sidecar", "quay.io/acme/log-shipper@sha256:" + "ab12" * 16, 2)],
        [container("migrate", f"{SRC_REGISTRY}/shop-old/web-migrations:1.4", 1)])
    spec["nodeName"] = "worker-old-1"
    obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": metadata("web-standalone", {"app": "web", "tier": "frontend"}, {
            "openshift.io/scc": "restricted",
            "k8s.v1.cni.cncf.io/network-status": json.dumps(
                [{"name": "openshift-sdn", "interface": "eth0", "ips": ["10.128.2.17"], "default": True, "dns": {}}]),
        }),
        "spec": spec,
    }
    return case("pod-5k", "", "v1", "Pod", "pods", obj)


def deployment(name, containers):
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": metadata(name, {"app": name}, {"deployment.kubernetes.io/revision": "7"}),
        "spec": {
            "replicas": 3,
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
            "selector": {"matchLabels": {"app": name}},
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {
                "metadata": {"labels": {"app": name}, "annotations": {"prometheus.io/scrape": "true"}},
                "spec": pod_spec(containers),
            },
        },
    }


def deployment_10k():
    images = [f"{SRC_REGISTRY}/shop-old/api:2.3", f"{SRC_REGISTRY}/openshift/nodejs:16@sha256:" + "cd34" * 16,
              "quay.io/acme/worker:5.1", "nginx:1.25", "bitnami/redis:7.2", "registry.redhat.io/ubi9/ubi-minimal:9.4"]
    obj = deployment("api", [container(f"c{i}", image, 4) for i, image in enumerate(images)])
    return case("deployment-10k", "apps", "v1", "Deployment", "deployments", obj)


def small_container(name, image):
    return {
        "name": name,
        "image": image,
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"containerPort": 8080, "protocol": "TCP"}],
        "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}},
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
    }


def deployment_8img():
    # The comparison case of bench/load.sh (bench/go-webhook does the same work): a 3.6 KB
    # Deployment whose 8 image references (2 init containers, 6 containers) all move: internal
    # registry (R1), quay.io/acme and Docker Hub (R2).
    images = [f"{SRC_REGISTRY}/shop-old/api:2.3", f"{SRC_REGISTRY}/shop-old/worker:2.3",
              f"{SRC_REGISTRY}/shop-old/cron:2.3", f"{SRC_REGISTRY}/openshift/nodejs:16",
              "quay.io/acme/log-shipper:1.9", "quay.io/acme/metrics@sha256:" + "ab12" * 16,
              "nginx:1.25", "bitnami/redis:7.2"]
    spec = pod_spec([small_container(f"c{i}", image) for i, image in enumerate(images[2:])],
                    [small_container(f"init{i}", image) for i, image in enumerate(images[:2])])
    del spec["tolerations"], spec["securityContext"]
    obj = deployment("shop", [])
    obj["spec"]["template"]["spec"] = spec
    return case("deployment-8img", "apps", "v1", "Deployment", "deployments", obj)


def deployment_large(name, target_bytes):
    # A Deployment whose containers carry a huge env list: the size the API server accepts, and
    # more than an etcd object may hold, to show how cost grows with size.
    per_container = 1
    while True:
        obj = deployment(name, [container(f"c{i}", f"{SRC_REGISTRY}/shop-old/api:2.3", per_container, f"C{i}")
                                for i in range(6)])
        size = len(json.dumps(obj, separators=(",", ":")))
        if size >= target_bytes:
            break
        per_container = max(per_container + 1, int(per_container * target_bytes / size))
    return case(name, "apps", "v1", "Deployment", "deployments", obj)


def build_config():
    obj = {
        "apiVersion": "build.openshift.io/v1",
        "kind": "BuildConfig",
        "metadata": metadata("web", {"app": "web", "build": "web"}, {"openshift.io/generated-by": "OpenShiftNewApp"}),
        "spec": {
            "runPolicy": "Serial",
            "triggers": [{"type": "GitHub", "github": {"secretReference": {"name": "web-github-webhook"}}},
                         {"type": "ConfigChange"},
                         {"type": "ImageChange", "imageChange": {}}],
            "source": {
                "type": "Git",
                "git": {"uri": "https://git.example.com/shop/web.git", "ref": "main"},
                "contextDir": "app",
                "images": [{"from": {"kind": "DockerImage", "name": f"{SRC_REGISTRY}/shop-old/assets:1.0"},
                            "paths": [{"sourcePath": "/opt/assets/.", "destinationDir": "static"}]}],
            },
            "strategy": {
                "type": "Source",
                "sourceStrategy": {
                    "from": {"kind": "DockerImage", "name": f"{SRC_REGISTRY}/openshift/nodejs:16@sha256:" + "ef56" * 16},
                    "env": [{"name": "NPM_MIRROR", "value": "https://npm.example.com"}],
                    "incremental": True,
                },
            },
            "output": {"to": {"kind": "DockerImage", "name": f"{SRC_REGISTRY}/shop-old/web:latest"}},
            "resources": {"limits": {"cpu": "1", "memory": "2Gi"}},
            "postCommit": {},
            "nodeSelector": None,
            "successfulBuildsHistoryLimit": 5,
            "failedBuildsHistoryLimit": 5,
        },
    }
    return case("buildconfig", "build.openshift.io", "v1", "BuildConfig", "buildconfigs", obj)


def route():
    obj = {
        "apiVersion": "route.openshift.io/v1",
        "kind": "Route",
        "metadata": metadata("web", {"app": "web"}, {"openshift.io/host.generated": "true"}),
        "spec": {
            "host": "web-shop-old.apps.old.example.com",
            "to": {"kind": "Service", "name": "web", "weight": 100},
            "port": {"targetPort": "http"},
            "tls": {"termination": "edge", "insecureEdgeTerminationPolicy": "Redirect"},
            "wildcardPolicy": "None",
        },
    }
    return case("route", "route.openshift.io", "v1", "Route", "routes", obj)


def write(data, pretty=True):
    path = os.path.join(HERE, data["name"] + ".json")
    with open(path, "w", encoding="utf-8") as f:
        if pretty:
            json.dump(data, f, indent=2)
        else:
            json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print(f"{path}: object {len(json.dumps(data['request']['object'], separators=(',', ':')))} bytes compact")


if __name__ == "__main__":
    write(pod())
    write(deployment_10k())
    write(deployment_8img())
    write(build_config())
    write(route())
    write(deployment_large("deployment-1mib", 1024 * 1024), pretty=False)
    write(deployment_large("deployment-3mib", 3 * 1024 * 1024 - 4096), pretty=False)
