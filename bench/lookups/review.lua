-- wrk script for bench/lookups.sh: every request is a restored Pod in a namespace not seen before,
-- naming the generated pull secret of its default service account, so each review makes one
-- uncached ServiceAccount lookup (K3); the registry, version and Restore lookups stay cached.
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local counter = 0
local template = [[{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"%s","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},"name":"web","namespace":"%s","operation":"CREATE","userInfo":{"username":"system:serviceaccount:velero:velero"},"object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"%s","labels":{"app":"web","velero.io/restore-name":"nightly-20261120","velero.io/backup-name":"nightly"}},"spec":{"containers":[{"name":"web","image":"quay.io/acme/web:1.4"}],"imagePullSecrets":[{"name":"default-dockercfg-abc12"}]}}}}]]

function request()
  counter = counter + 1
  local ns = "ns-" .. tostring(id) .. "-" .. tostring(counter)
  local body = string.format(template, "00000000-0000-4000-8000-" .. string.format("%012d", counter), ns, ns)
  return wrk.format("POST", "/mutate?timeout=10s", {["Content-Type"] = "application/json"}, body)
end
