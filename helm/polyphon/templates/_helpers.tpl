{{/* Names, labels and the small pieces every template shares. */}}

{{- define "polyphon.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-polyphon, or just <release> when the release name already says polyphon. */}}
{{- define "polyphon.fullname" -}}
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

{{/* A component's resource name: (dict "root" $ "component" "gateway") -> <fullname>-gateway */}}
{{- define "polyphon.componentName" -}}
{{- printf "%s-%s" (include "polyphon.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "polyphon.selectorLabels" -}}
app.kubernetes.io/name: {{ include "polyphon.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "polyphon.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "polyphon.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: polyphon
{{- end }}

{{/* repository:tag of an image block; an empty tag means the chart's appVersion. (dict "root" $ "image" .Values.x.image) */}}
{{- define "polyphon.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion (toString .image.tag)) }}
{{- end }}

{{/* The Kafka bootstrap servers every service, the topics Job and KEDA use. */}}
{{- define "polyphon.kafkaBootstrap" -}}
{{- if .Values.kafka.install }}
{{- /* a namespace-qualified name: KEDA resolves it from its own namespace */ -}}
{{- printf "%s.%s.svc:9092" (include "polyphon.componentName" (dict "root" . "component" "kafka")) .Release.Namespace }}
{{- else }}
{{- .Values.kafka.bootstrapServers }}
{{- end }}
{{- end }}

{{- define "polyphon.mongodbUri" -}}
{{- if .Values.mongodb.install }}
{{- printf "mongodb://%s:27017" (include "polyphon.componentName" (dict "root" . "component" "mongodb")) }}
{{- else }}
{{- .Values.mongodb.uri }}
{{- end }}
{{- end }}

{{/* "true" where storage reads MONGODB_URI from mongodb.existingSecret (not for an installed MongoDB), else empty. */}}
{{- define "polyphon.mongodbUriFromSecret" -}}
{{- if and .Values.mongodb.existingSecret.name (not .Values.mongodb.install) }}true{{ end }}
{{- end }}

{{/* The base URL of an HTTP service inside the cluster: (dict "root" $ "component" "midi" "port" 8082) */}}
{{- define "polyphon.serviceUrl" -}}
{{- printf "http://%s:%d" (include "polyphon.componentName" (dict "root" .root "component" .component)) (int .port) }}
{{- end }}

{{/*
A value as an environment variable's text. Helm reads numbers in values files as floats, which print as
4.194304e+06: whole numbers are printed as integers.
*/}}
{{- define "polyphon.envValue" -}}
{{- if and (kindIs "float64" .) (eq (float64 (int64 .)) .) }}
{{- int64 . | toString | quote }}
{{- else }}
{{- toString . | quote }}
{{- end }}
{{- end }}


{{/* The Polyphon images run as uid 10001 (docker/*.Dockerfile) and write only to /tmp. */}}
{{- define "polyphon.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "polyphon.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
{{- end }}

{{/*
Probes of every service, on its management port: Spring Boot's liveness and readiness groups
(MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true). Liveness does not include Kafka or MongoDB, so an outage
of either does not restart every pod; the startup probe gives a cold JVM time.
*/}}
{{- define "polyphon.httpProbes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: management
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: management
  periodSeconds: 5
  failureThreshold: 3
{{- end }}

{{/*
What every service reads to be seen: its management port on all interfaces, the lag interval, and tracing.
(dict "root" $ "prefix" "GATEWAY" "port" .Values.gateway.managementPort)
*/}}
{{- define "polyphon.observabilityEnv" -}}
{{ .prefix }}_MANAGEMENT_ADDRESS: "0.0.0.0"
{{ .prefix }}_MANAGEMENT_PORT: {{ include "polyphon.envValue" .port }}
POLYPHON_LAG_METRICS_INTERVAL: {{ .root.Values.metrics.lagInterval | quote }}
POLYPHON_TRACE_SAMPLING: {{ .root.Values.tracing.sampling | toString | quote }}
POLYPHON_TRACE_EXPORT: {{ ternary "true" "false" (ne .root.Values.tracing.otlpEndpoint "") | quote }}
{{- with .root.Values.tracing.otlpEndpoint }}
OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: {{ . | quote }}
{{- end }}
{{- end }}

{{/* ONNX Runtime unpacks its native libraries and the JVM keeps its temp files here; the root filesystem is read-only. */}}
{{- define "polyphon.tmpVolume" -}}
- name: tmp
  emptyDir: {}
{{- end }}

{{- define "polyphon.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/*
The Secret and key holding the internal credential (POLYPHON_INTERNAL_SECRET) that gateway, midi and storage share:
internalCredential.existingSecret, else the one this chart makes.
*/}}
{{- define "polyphon.internalSecretRef" -}}
{{- $given := .Values.internalCredential.existingSecret -}}
{{- if $given.name -}}
{{- dict "name" $given.name "key" $given.key | toJson -}}
{{- else -}}
{{- dict "name" (include "polyphon.componentName" (dict "root" . "component" "internal")) "key" "secret" | toJson -}}
{{- end -}}
{{- end }}

{{/* The env entry of POLYPHON_INTERNAL_SECRET, from its Secret. */}}
{{- define "polyphon.internalSecretEnv" -}}
{{- $ref := include "polyphon.internalSecretRef" . | fromJson -}}
{{- dict "name" "POLYPHON_INTERNAL_SECRET" "valueFrom" (dict "secretKeyRef" $ref) | toJson -}}
{{- end }}
