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


# Namespace references (SPEC N): objects of a namespace restored under a new name (shop-old -> shop
# in config.yaml) that still name the old one. NamespaceRefsBenchmarks prices the family on them.

def role_binding():
    subjects = []
    for i in range(4):
        subjects.append({"kind": "ServiceAccount", "name": f"deployer-{i}", "namespace": "shop-old"})
        subjects.append({"kind": "ServiceAccount", "name": f"runner-{i}", "namespace": "ci"})
    subjects += [
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "system:serviceaccount:shop-old:builder"},
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice@example.com"},
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:serviceaccounts:shop-old"},
        {"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "shop-admins"},
    ]
    obj = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": metadata("shop-deployers", {"app": "shop"}, {}),
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "edit"},
        "subjects": subjects,
    }
    return case("rolebinding", "rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", obj)


def network_policy():
    peer_old = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "shop-old"}}}
    obj = {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": metadata("allow-shop", {"app": "db"}, {}),
        "spec": {
            "podSelector": {"matchLabels": {"app": "db"}},
            "policyTypes": ["Ingress", "Egress"],
            "ingress": [
                {"from": [peer_old,
                          {"namespaceSelector": {"matchExpressions": [
                              {"key": "kubernetes.io/metadata.name", "operator": "In", "values": ["monitoring", "shop-old"]}]},
                           "podSelector": {"matchLabels": {"app": "prometheus"}}},
                          {"podSelector": {"matchLabels": {"app": "web"}}}],
                 "ports": [{"protocol": "TCP", "port": 5432}]},
            ],
            "egress": [
                {"to": [{"namespaceSelector": {"matchExpressions": [
                    {"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["shop-old"]}]}},
                        {"ipBlock": {"cidr": "10.0.0.0/8"}}]},
                {"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "openshift-dns"}}}],
                 "ports": [{"protocol": "UDP", "port": 5353}]},
            ],
        },
    }
    return case("networkpolicy", "networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", obj)


def image_stream():
    tags = [{"name": f"1.{i}", "from": {"kind": "ImageStreamTag", "name": f"web:1.{i}", "namespace": "shop-old"},
             "referencePolicy": {"type": "Source"}, "importPolicy": {}} for i in range(4)]
    tags += [{"name": "node", "from": {"kind": "ImageStreamTag", "name": "nodejs:18", "namespace": "openshift"},
              "referencePolicy": {"type": "Source"}},
             {"name": "upstream", "from": {"kind": "DockerImage", "name": "registry.example.com/shop/web:1.4"},
              "referencePolicy": {"type": "Source"}}]
    obj = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageStream",
        "metadata": metadata("web", {"app": "web"}, {"openshift.io/generated-by": "OpenShiftNewApp"}),
        "spec": {"lookupPolicy": {"local": False}, "tags": tags},
    }
    return case("imagestream", "image.openshift.io", "v1", "ImageStream", "imagestreams", obj)


def config_map_dns():
    data = {f"setting-{i:02d}": f"value-{i:02d}-" + "x" * 40 for i in range(16)}
    data["application.properties"] = (
        "spring.datasource.url=jdbc:postgresql://db.shop-old.svc.cluster.local:5432/shop\n"
        "spring.redis.host=redis.shop-old.svc\nmetrics.url=http://prometheus.monitoring.svc:9090\n" + "# padding\n" * 20)
    data["nginx.conf"] = "upstream api { server api.shop-old.svc.cluster.local:8080; }\n" + "# padding\n" * 20
    obj = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": metadata("web-config", {"app": "web"}, {}),
        "data": data,
    }
    return case("configmap-dns", "", "v1", "ConfigMap", "configmaps", obj)


def deployment_refs():
    # deployment-8img's pod spec with two kinds of references: an image trigger annotation naming
    # shop-old (N2) and service DNS names in env values (N4, on in NamespaceRefsBenchmarks).
    case_ = deployment_8img()
    obj = case_["request"]["object"]
    obj["metadata"]["annotations"]["image.openshift.io/triggers"] = json.dumps(
        [{"from": {"kind": "ImageStreamTag", "name": f"{name}:2.3", "namespace": "shop-old"},
          "fieldPath": f'spec.template.spec.containers[?(@.name=="{container_}")].image'}
         for name, container_ in (("cron", "c0"), ("api", "init0"))])
    for i, c in enumerate(obj["spec"]["template"]["spec"]["containers"]):
        c["env"] = [{"name": "DATABASE_URL", "value": "postgres://db.shop-old.svc.cluster.local:5432/shop"},
                    {"name": "CACHE_HOST", "value": "redis.shop-old.svc"},
                    {"name": "LOG_LEVEL", "value": "info"}]
    case_["name"] = "deployment-refs"
    return case_


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
    write(role_binding())
    write(network_policy())
    write(image_stream())
    write(config_map_dns())
    write(deployment_refs())
    write(deployment_large("deployment-1mib", 1024 * 1024), pretty=False)
    write(deployment_large("deployment-3mib", 3 * 1024 * 1024 - 4096), pretty=False)
