{{/* Chart name, cut to the 63 characters of a label value. */}}
{{- define "restore-mutator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Object names: the release name when it already contains the chart name. */}}
{{- define "restore-mutator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "restore-mutator.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "restore-mutator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "restore-mutator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "restore-mutator.labels" -}}
helm.sh/chart: {{ include "restore-mutator.chart" . }}
{{ include "restore-mutator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: restore-mutator
{{- end }}

{{- define "restore-mutator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "restore-mutator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret with tls.crt/tls.key the pods mount. */}}
{{- define "restore-mutator.tlsSecretName" -}}
{{- if eq .Values.certificate.mode "existingSecret" }}
{{- required "certificate.existingSecret.name is required when certificate.mode is existingSecret" .Values.certificate.existingSecret.name }}
{{- else }}
{{- printf "%s-tls" (include "restore-mutator.fullname" .) }}
{{- end }}
{{- end }}

{{/* The host the API server calls and the serving certificate must name. */}}
{{- define "restore-mutator.serviceHost" -}}
{{- printf "%s.%s.svc" (include "restore-mutator.fullname" .) .Release.Namespace }}
{{- end }}

{{/* The image reference: the tag defaults to the chart's appVersion. */}}
{{- define "restore-mutator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
"true" when some rule reads ConfigMaps (N4): namespaceRefs.serviceDns in the base configuration or
in one of its profiles (X1), which then need ConfigMaps routed as much as the base does.
*/}}
{{- define "restore-mutator.serviceDns" -}}
{{- $on := .Values.config.namespaceRefs.serviceDns -}}
{{- range $name, $profile := (.Values.config.profiles | default dict) -}}
{{- if kindIs "map" $profile -}}
{{- if kindIs "map" $profile.namespaceRefs -}}
{{- if $profile.namespaceRefs.serviceDns -}}
{{- $on = true -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $on -}}true{{- end -}}
{{- end -}}
