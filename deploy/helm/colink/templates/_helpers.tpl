{{/* The release's name prefix for every object. */}}
{{- define "colink.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "colink.commonLabels" -}}
app.kubernetes.io/part-of: colink
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The labels of an object of the whole release. */}}
{{- define "colink.labels" -}}
{{ include "colink.commonLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The labels of one component's object (its selector labels among them): (dict "root" $ "name" "messaging"). */}}
{{- define "colink.componentLabels" -}}
{{ include "colink.commonLabels" .root }}
{{ include "colink.selector" . }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "name" "messaging"). */}}
{{- define "colink.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "colink.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "colink.fullname" .)) -}}
{{- end -}}

{{/* A bundled server's address, or fail when it is needed but not bundled: (dict "root" $ "name" "kafka"). */}}
{{- define "colink.bundledHost" -}}
{{- if not .root.Values.bundled.enabled -}}
{{- fail (printf "infrastructure.%s is empty and bundled.enabled is false: set where %s runs" .name .name) -}}
{{- end -}}
{{- printf "%s-%s" (include "colink.fullname" .root) .name -}}
{{- end -}}

{{/* Where a server is: the configured address, else the bundled one (an if, not default: default's arguments are
all evaluated, and the bundled one fails when nothing is bundled). */}}
{{- define "colink.jdbcUrl" -}}
{{- if .Values.infrastructure.postgres.jdbcUrl -}}{{- .Values.infrastructure.postgres.jdbcUrl -}}{{- else -}}{{- printf "jdbc:postgresql://%s:5432/colink" (include "colink.bundledHost" (dict "root" . "name" "postgres")) -}}{{- end -}}
{{- end -}}
{{- define "colink.redisUrl" -}}
{{- if .Values.infrastructure.redis.url -}}{{- .Values.infrastructure.redis.url -}}{{- else -}}{{- printf "redis://%s:6379" (include "colink.bundledHost" (dict "root" . "name" "redis")) -}}{{- end -}}
{{- end -}}
{{- define "colink.kafkaBootstrap" -}}
{{- if .Values.infrastructure.kafka.bootstrapServers -}}{{- .Values.infrastructure.kafka.bootstrapServers -}}{{- else -}}{{- printf "%s:9092" (include "colink.bundledHost" (dict "root" . "name" "kafka")) -}}{{- end -}}
{{- end -}}
{{- define "colink.opensearchUrl" -}}
{{- if .Values.infrastructure.opensearch.url -}}{{- .Values.infrastructure.opensearch.url -}}{{- else -}}{{- printf "http://%s:9200" (include "colink.bundledHost" (dict "root" . "name" "opensearch")) -}}{{- end -}}
{{- end -}}
{{- define "colink.s3Endpoint" -}}
{{- if .Values.infrastructure.s3.endpoint -}}{{- .Values.infrastructure.s3.endpoint -}}{{- else -}}{{- printf "http://%s:9000" (include "colink.bundledHost" (dict "root" . "name" "minio")) -}}{{- end -}}
{{- end -}}
{{- define "colink.keycloakUrl" -}}
{{- if .Values.infrastructure.keycloak.url -}}{{- .Values.infrastructure.keycloak.url -}}{{- else -}}{{- printf "http://%s:8080" (include "colink.bundledHost" (dict "root" . "name" "keycloak")) -}}{{- end -}}
{{- end -}}
{{- define "colink.clamdHost" -}}
{{- if .Values.infrastructure.clamd.host -}}{{- .Values.infrastructure.clamd.host -}}{{- else -}}{{- include "colink.bundledHost" (dict "root" . "name" "clamav") -}}{{- end -}}
{{- end -}}

{{/* A service's settings: serviceDefaults merged under its own entry: (dict "root" $ "name" "messaging"). */}}
{{- define "colink.serviceValues" -}}
{{- $own := index .root.Values.services .name | default dict -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.serviceDefaults) (deepCopy $own)) -}}
{{- end -}}

{{- define "colink.image" -}}
{{- $prefix := .root.Values.image.repositoryPrefix -}}
{{- if .root.Values.image.registry -}}{{- $prefix = printf "%s/%s" .root.Values.image.registry $prefix -}}{{- end -}}
{{- printf "%s/%s:%s" $prefix .name (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* The secret key reference of one environment variable. */}}
{{- define "colink.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      name: {{ include "colink.secretName" .root }}
      key: {{ .key }}
{{- end -}}

{{/* The latest migration's version, from the migration files' names (V<version>__<description>.sql). */}}
{{- define "colink.schemaVersion" -}}
{{- $latest := 0 -}}
{{- range $path, $_ := .Files.Glob "files/migrations/V*__*.sql" -}}
{{- $version := base $path | trimPrefix "V" | splitList "__" | first | int -}}
{{- if gt $version $latest -}}{{- $latest = $version -}}{{- end -}}
{{- end -}}
{{- $latest -}}
{{- end -}}
