{#- Helpers: macros every template of the chart (and its subcharts) can call by name. -#}

{#- The chart's name, or nameOverride. -#}
{% macro name() -%}
{{ Values.nameOverride | default(Chart.Name) | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#- The release's full name: a DNS-1123 label of at most 63 characters. -#}
{% macro fullname() -%}
{%- if Values.fullnameOverride -%}
{{ Values.fullnameOverride | trunc(63) | trimSuffix("-") }}
{%- else -%}
{%- set chart_name = Values.nameOverride | default(Chart.Name) -%}
{%- if chart_name in Release.Name -%}
{{ Release.Name | trunc(63) | trimSuffix("-") }}
{%- else -%}
{{ printf("%s-%s", Release.Name, chart_name) | trunc(63) | trimSuffix("-") }}
{%- endif -%}
{%- endif -%}
{%- endmacro %}

{#- The chart label: name and version. -#}
{% macro chart() -%}
{{ printf("%s-%s", Chart.Name, Chart.Version) | replace("+", "_") | trunc(63) | trimSuffix("-") }}
{%- endmacro %}

{#- The labels that select the pods: they must never change for a release. -#}
{% macro selector_labels() -%}
app.kubernetes.io/name: {{ name() }}
app.kubernetes.io/instance: {{ Release.Name }}
{%- endmacro %}

{#- Every object's labels. -#}
{% macro labels() -%}
helm.sh/chart: {{ chart() }}
{{ selector_labels() }}
{%- if Chart.AppVersion %}
app.kubernetes.io/version: {{ Chart.AppVersion | quote }}
{%- endif %}
app.kubernetes.io/managed-by: {{ Release.Service }}
{%- endmacro %}

{#- The ServiceAccount the pods run as. -#}
{% macro service_account_name() -%}
{%- if Values.serviceAccount.create -%}
{{ Values.serviceAccount.name | default(fullname()) }}
{%- else -%}
{{ Values.serviceAccount.name | default("default") }}
{%- endif -%}
{%- endmacro %}
