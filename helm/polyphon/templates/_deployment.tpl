{{/*
The Deployment of an HTTP service (gateway, midi, storage): one container that reads its settings from the
ConfigMap of the same name, serves on the port named "http" and is probed there.

  (dict "root" $ "component" "midi" "values" .Values.midi "env" (list ...optional env entries...))
*/}}
{{- define "polyphon.httpDeployment" -}}
{{- $name := include "polyphon.componentName" (dict "root" .root "component" .component) -}}
{{- $v := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $name }}
  labels:
    {{- include "polyphon.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  replicas: {{ $v.replicaCount }}
  selector:
    matchLabels:
      {{- include "polyphon.selectorLabels" (dict "root" .root "component" .component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "polyphon.selectorLabels" (dict "root" .root "component" .component) | nindent 8 }}
      annotations:
        checksum/config: {{ include (printf "polyphon.%s.env" .component) .root | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      # Service links would put dozens of *_PORT variables into the environment, which Spring reads.
      enableServiceLinks: false
      automountServiceAccountToken: false
      {{- with .root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "polyphon.podSecurityContext" . | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ include "polyphon.image" (dict "root" .root "image" $v.image) }}
          imagePullPolicy: {{ $v.image.pullPolicy }}
          envFrom:
            - configMapRef:
                name: {{ $name }}
          {{- $env := concat (default (list) .env) (default (list) $v.extraEnv) }}
          {{- with $env }}
          env:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ $v.port }}
              protocol: TCP
            - name: management
              containerPort: {{ $v.managementPort }}
              protocol: TCP
          {{- include "polyphon.httpProbes" . | nindent 10 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- include "polyphon.containerSecurityContext" . | nindent 12 }}
          volumeMounts:
            {{- include "polyphon.tmpVolumeMount" . | nindent 12 }}
      volumes:
        {{- include "polyphon.tmpVolume" . | nindent 8 }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}

{{/*
The ClusterIP Service in front of an HTTP service, on the same port the service listens on, and its management
port, which the ServiceMonitor scrapes (the Ingress routes to "http" only).
*/}}
{{- define "polyphon.httpService" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "polyphon.componentName" (dict "root" .root "component" .component) }}
  labels:
    {{- include "polyphon.labels" (dict "root" .root "component" .component) | nindent 4 }}
spec:
  type: {{ .type | default "ClusterIP" }}
  selector:
    {{- include "polyphon.selectorLabels" (dict "root" .root "component" .component) | nindent 4 }}
  ports:
    - name: http
      port: {{ .values.port }}
      targetPort: http
      protocol: TCP
    - name: management
      port: {{ .values.managementPort }}
      targetPort: management
      protocol: TCP
{{- end }}

{{/* A service's ConfigMap: its environment, rendered by the template "polyphon.<component>.env". */}}
{{- define "polyphon.envConfigMap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "polyphon.componentName" (dict "root" .root "component" .component) }}
  labels:
    {{- include "polyphon.labels" (dict "root" .root "component" .component) | nindent 4 }}
data:
  {{- include (printf "polyphon.%s.env" .component) .root | nindent 2 }}
{{- end }}

{{/* The extra settings of a service's config block, NAME: "value", sorted by name. */}}
{{- define "polyphon.configEntries" -}}
{{- range $name := keys . | sortAlpha }}
{{ $name }}: {{ include "polyphon.envValue" (get $ $name) }}
{{- end }}
{{- end }}
