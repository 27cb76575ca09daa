{{/*
One bundled server: a single-replica StatefulSet with its data volume and a Service. Arguments (a dict): root, name,
image, ports (list of dicts name/port), and optionally storage with mountPath (a data volume), command, args, env (a YAML list),
readiness (a probe's YAML), volumes and mounts (YAML lists).
*/}}
{{- define "colink.bundled" -}}
{{- $root := .root -}}
{{- $fullname := include "colink.fullname" $root -}}
{{- $selector := include "colink.selector" (dict "root" $root "name" .name) -}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $fullname }}-{{ .name }}
  labels:
    {{- include "colink.componentLabels" (dict "root" $root "name" .name) | nindent 4 }}
    app.kubernetes.io/component: infrastructure
spec:
  clusterIP: None
  publishNotReadyAddresses: true
  selector:
    {{- $selector | nindent 4 }}
  ports:
    {{- range .ports }}
    - name: {{ .name }}
      port: {{ .port }}
      targetPort: {{ .port }}
    {{- end }}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ $fullname }}-{{ .name }}
  labels:
    {{- include "colink.componentLabels" (dict "root" $root "name" .name) | nindent 4 }}
    app.kubernetes.io/component: infrastructure
spec:
  serviceName: {{ $fullname }}-{{ .name }}
  replicas: 1
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- $selector | nindent 8 }}
        app.kubernetes.io/part-of: colink
    spec:
      containers:
        - name: {{ .name }}
          image: {{ .image }}
          {{- with .command }}
          command:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          {{- with .args }}
          args:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          ports:
            {{- range .ports }}
            - name: {{ .name }}
              containerPort: {{ .port }}
            {{- end }}
          {{- with .env }}
          env:
            {{- . | nindent 12 }}
          {{- end }}
          {{- with .readiness }}
          readinessProbe:
            {{- . | nindent 12 }}
          {{- end }}
          {{- if or .storage .mounts }}
          volumeMounts:
            {{- if .storage }}
            - name: data
              mountPath: {{ .mountPath }}
            {{- end }}
            {{- with .mounts }}
            {{- . | nindent 12 }}
            {{- end }}
          {{- end }}
      {{- with .volumes }}
      volumes:
        {{- . | nindent 8 }}
      {{- end }}
  {{- if .storage }}
  volumeClaimTemplates:
    - metadata:
        name: data
      spec:
        accessModes: [ReadWriteOnce]
        {{- with $root.Values.bundled.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ .storage }}
  {{- end }}
{{- end -}}
