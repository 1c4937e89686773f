"""`kubelint convert`: a Go-template chart rewritten in kubelint's Jinja2 dialect, line for line,
and proven to render the same.

- `expr`: Jinja2 expressions as text, with their precedence and what is known of their type;
- `analysis`: what a tree tells before it is translated (variables a loop assigns, …);
- `functions`: Go's functions as operators, filters, Helm's functions or `go_…` helpers;
- `translate`: a file's Go trees into one Jinja2 fragment per action, in source order;
- `source`: those fragments spliced into the file's own text (layout and trims kept);
- `values`: the `tpl` strings of values files rewritten in place;
- `chart`: a chart tree converted into a new folder (subcharts too);
- `verify`: both charts rendered with each values file and compared, documents and lines;
- `command`: `kubelint convert`'s lines and exit code.

The helpers a converted template may call live in the dialect (`kubelint.chart.gocompat`).
"""
