"""`kubelint convert`: a Go-template chart rewritten in kubelint's Jinja2 dialect, line for line,
and proven to render the same.

- `expr`: Jinja2 expressions as text, with their precedence and what is known of their type;
- `translate`: a file's Go trees into one Jinja2 fragment per action, in source order;
- `source`: those fragments spliced into the file's own text (layout and trims kept);
- `values`: the `tpl` strings of values files rewritten in place;
- `chart`: a chart tree converted into a new folder (subcharts too);
- `verify`: both charts rendered with each values file and compared, documents and lines.
"""
