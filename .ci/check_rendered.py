"""Assertions on rendered deployment manifests, used by .ci/check-deploy.

    check_rendered.py CHECK FILE [ARG...]

Each check reads the multi-document YAML in FILE and exits non-zero with a message when the
rendered objects are not what an install needs. Certificates are verified with openssl.
"""
import base64
import json
import subprocess
import sys
import tempfile

import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def one(docs, kind, name=None):
    found = [d for d in docs if d.get("kind") == kind and (name is None or d["metadata"]["name"] == name)]
    if len(found) != 1:
        fail(f"expected one {kind} {name or ''}, found {len(found)}")
    return found[0]


def kinds(docs):
    return sorted(d["kind"] for d in docs)


def fail(message):
    print(f"check_rendered: {message}", file=sys.stderr)
    sys.exit(1)


def ca_bundle(docs):
    webhook = one(docs, "MutatingWebhookConfiguration")["webhooks"][0]
    return "".join(webhook["clientConfig"].get("caBundle", "").split())


def verify_chain(ca_b64, crt_b64, host):
    """openssl verify of tls.crt against the caBundle, for the Service host name."""
    with tempfile.TemporaryDirectory() as tmp:
        ca, crt = f"{tmp}/ca.crt", f"{tmp}/tls.crt"
        with open(ca, "wb") as f:
            f.write(base64.b64decode(ca_b64))
        with open(crt, "wb") as f:
            f.write(base64.b64decode(crt_b64))
        result = subprocess.run(["openssl", "verify", "-CAfile", ca, "-verify_hostname", host, crt],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            fail(f"certificate does not verify for {host}: {result.stdout}{result.stderr}")


def base(docs):
    expected = ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment", "MutatingWebhookConfiguration",
                "Namespace", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount"]
    if kinds(docs) != expected:
        fail(f"base kinds {kinds(docs)} != {expected}")
    role = one(docs, "Role")
    if role["metadata"]["namespace"] != "velero":
        fail("the Restore-reading Role must live in the velero namespace")
    # X2: the report writes ConfigMaps and Events there, create and patch only.
    writes = [r for r in role["rules"] if r.get("apiGroups") == [""]]
    if writes != [{"apiGroups": [""], "resources": ["configmaps", "events"], "verbs": ["create", "patch"]}]:
        fail(f"the Role must allow create and patch of configmaps and events only, got {writes}")
    if one(docs, "MutatingWebhookConfiguration")["webhooks"][0]["sideEffects"] != "NoneOnDryRun":
        fail("the webhook must declare sideEffects: NoneOnDryRun (the report is never kept for dry runs)")
    env = {e["name"]: e for e in one(docs, "Deployment")["spec"]["template"]["spec"]["containers"][0]["env"]}
    if env.get("POD_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "metadata.name":
        fail("the Deployment must set POD_NAME from the downward API (the report's replica name)")


def cert_manager(docs, namespace, name, secret):
    certs = [d for d in docs if d["kind"] == "Certificate"]
    issuers = [d for d in docs if d["kind"] == "Issuer"]
    if len(certs) != 2 or len(issuers) != 2:
        fail(f"expected 2 Certificates and 2 Issuers, got {len(certs)} and {len(issuers)}")
    serving = one(docs, "Certificate", f"{name}-serving")
    if serving["spec"]["secretName"] != secret:
        fail(f"serving Certificate writes {serving['spec']['secretName']}, pods mount {secret}")
    host = f"{name}.{namespace}.svc"
    if host not in serving["spec"]["dnsNames"]:
        fail(f"serving Certificate does not name {host}")
    annotation = one(docs, "MutatingWebhookConfiguration")["metadata"].get("annotations", {}).get("cert-manager.io/inject-ca-from")
    if annotation != f"{namespace}/{name}-serving":
        fail(f"inject-ca-from is {annotation!r}")
    if ca_bundle(docs):
        fail("cert-manager mode must leave caBundle to the CA injector")
    mounted(docs, secret)


def mounted(docs, secret):
    volumes = one(docs, "Deployment")["spec"]["template"]["spec"]["volumes"]
    names = [v["secret"]["secretName"] for v in volumes if "secret" in v]
    if names != [secret]:
        fail(f"Deployment mounts {names}, expected {secret}")


def tls_secret(docs, namespace, name, secret):
    data = one(docs, "Secret", secret)["data"]
    bundle = ca_bundle(docs)
    if "".join(data["ca.crt"].split()) != bundle:
        fail("caBundle is not the Secret's ca.crt")
    verify_chain(bundle, "".join(data["tls.crt"].split()), f"{name}.{namespace}.svc")
    mounted(docs, secret)


def same_certificate(docs, other_path, secret):
    other = load(other_path)
    if ca_bundle(docs) != ca_bundle(other):
        fail("caBundle changed between install and upgrade")
    if one(docs, "Secret", secret)["data"]["tls.crt"] != one(other, "Secret", secret)["data"]["tls.crt"]:
        fail("tls.crt changed between install and upgrade")


def existing_secret(docs, secret, ca_path):
    if [d for d in docs if d["kind"] == "Secret"]:
        fail("existingSecret mode must not create a Secret")
    with open(ca_path, "rb") as f:
        expected = base64.b64encode(f.read()).decode()
    if ca_bundle(docs) != expected:
        fail("caBundle is not the given CA")
    mounted(docs, secret)


def excludes(docs, *namespaces):
    expression = one(docs, "MutatingWebhookConfiguration")["webhooks"][0]["namespaceSelector"]["matchExpressions"][0]
    if sorted(expression["values"]) != sorted(namespaces):
        fail(f"namespaceSelector excludes {expression['values']}, expected {list(namespaces)}")


def same_as_base(docs, base_path):
    """The Helm chart (release and namespace restore-mutator, default values) renders the same
    objects as the kustomize base, apart from labels, the image tag and the generated certificate."""
    base_docs = load(base_path)

    def pod(d):
        spec = json.loads(json.dumps(one(d, "Deployment")["spec"]["template"]["spec"]))
        spec.pop("topologySpreadConstraints")
        spec.pop("affinity")
        for container in spec["containers"]:
            container.pop("image")
        return spec

    pairs = {
        "Deployment pod spec": (pod(docs), pod(base_docs)),
        "Deployment strategy": tuple(one(d, "Deployment")["spec"]["strategy"] for d in (docs, base_docs)),
        "ClusterRole rules": tuple(one(d, "ClusterRole")["rules"] for d in (docs, base_docs)),
        "Role": tuple((one(d, "Role")["metadata"]["namespace"], one(d, "Role")["rules"]) for d in (docs, base_docs)),
        "RoleBinding subjects": tuple(one(d, "RoleBinding")["subjects"] for d in (docs, base_docs)),
        "ClusterRoleBinding subjects": tuple(one(d, "ClusterRoleBinding")["subjects"] for d in (docs, base_docs)),
        "Service ports": tuple(one(d, "Service")["spec"]["ports"] for d in (docs, base_docs)),
        "PodDisruptionBudget": tuple(one(d, "PodDisruptionBudget")["spec"]["minAvailable"] for d in (docs, base_docs)),
        "config.yaml": tuple(yaml.safe_load(one(d, "ConfigMap")["data"]["config.yaml"]) for d in (docs, base_docs)),
    }
    helm_hook, base_hook = (dict(one(d, "MutatingWebhookConfiguration")["webhooks"][0]) for d in (docs, base_docs))
    helm_hook["clientConfig"] = {k: v for k, v in helm_hook["clientConfig"].items() if k != "caBundle"}
    pairs["webhook"] = (helm_hook, base_hook)
    for what, (helm, base_value) in pairs.items():
        if helm != base_value:
            fail(f"Helm and kustomize differ in {what}:\n  helm: {helm}\n  base: {base_value}")


def routes_configmaps(docs, other_path):
    """With Service DNS rewrites on (N4), the chart routes ConfigMaps, exactly as the kustomize base
    with components/service-dns does (the rest of the webhook is compared by same-as-base)."""
    def rules(d):
        return one(d, "MutatingWebhookConfiguration")["webhooks"][0]["rules"]

    helm, kustomize = rules(docs), rules(load(other_path))
    if not any("configmaps" in rule["resources"] for rule in helm):
        fail("namespaceRefs.serviceDns=true must route configmaps")
    if sorted(json.dumps(r, sort_keys=True) for r in helm) != sorted(json.dumps(r, sort_keys=True) for r in kustomize):
        fail(f"Helm (serviceDns on) and kustomize base + components/service-dns route differently:\n  helm: {helm}\n  kustomize: {kustomize}")


def schema(values_path, schema_path):
    import jsonschema  # only this check needs it

    with open(schema_path, encoding="utf-8") as f:
        spec = json.load(f)
    jsonschema.Draft7Validator.check_schema(spec)
    with open(values_path, encoding="utf-8") as f:
        jsonschema.validate(yaml.safe_load(f), spec)


CHECKS = {
    "base": base, "cert-manager": cert_manager, "tls-secret": tls_secret, "same-certificate": same_certificate,
    "existing-secret": existing_secret, "excludes": excludes, "same-as-base": same_as_base,
    "routes-configmaps": routes_configmaps,
}

if __name__ == "__main__":
    check, path, *args = sys.argv[1:]
    if check == "schema":
        schema(path, *args)
    else:
        CHECKS[check](load(path), *args)
