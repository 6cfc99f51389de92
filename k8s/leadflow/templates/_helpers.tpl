{{/* Chart name. */}}
{{- define "leadflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-wide prefix of every object name (service names get "-<service>" appended). */}}
{{- define "leadflow.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "leadflow.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "leadflow.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: leadflow
{{- end -}}

{{/* Selector labels of one service: (dict "root" $ "service" $name). */}}
{{- define "leadflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "leadflow.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "leadflow.secretName" -}}
{{- default (printf "%s-secrets" (include "leadflow.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "leadflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "leadflow.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image of one component: (dict "root" $ "component" "gateway"). */}}
{{- define "leadflow.image" -}}
{{- $img := .root.Values.image -}}
{{- $repo := printf "%s/%s" $img.repository .component -}}
{{- if $img.registry }}{{ $repo = printf "%s/%s" $img.registry $repo }}{{ end -}}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion $img.tag) -}}
{{- end -}}

{{/* Plain settings every container gets. */}}
{{- define "leadflow.commonEnv" -}}
- name: NODE_ENV
  value: {{ .Values.config.nodeEnv | quote }}
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: KAFKA_BROKERS
  value: {{ .Values.config.kafkaBrokers | quote }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ .Values.config.shutdownTimeoutMs | quote }}
- name: KAFKAJS_NO_PARTITIONER_WARNING
  value: "1"
{{- with .Values.config.otlpEndpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* Variables read from the Secret: (dict "root" $ "keys" list "optional" bool). */}}
{{- define "leadflow.secretEnv" -}}
{{- $secret := include "leadflow.secretName" .root -}}
{{- range .keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ . }}
      {{- if $.optional }}
      optional: true
      {{- end }}
{{- end }}
{{- end -}}
