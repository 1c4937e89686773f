{%- macro shop_fullname() -%}
{{- printf("%s-%s", Release.Name, Chart.Name) | trunc(63) | trimSuffix("-") -}}
{%- endmacro -%}
{%- macro shop_labels() -%}
app: {{ include("shop.fullname") }}
chart: {{ Chart.Name }}-{{ Chart.Version }}
{%- endmacro -%}
