"""Go's text/template, as Helm runs it, in Python: one job per module, as in Go's
`text/template/parse` and `text/template`.

- `lexer`: positioned tokens (trim markers, comments, strings, numbers, keywords);
- `nodes`: the typed tree, each node with its offset and line;
- `parser`: the tree of each template, `define`/`block` collected into one set;
- `gotypes`: Go's view of Python values (nil, float64 values, structs, type names, truth);
- `gofmt`: Go's `fmt` (`%v` of maps, slices and floats; `Sprintf` verbs);
- `builtins`: text/template's own functions (`eq`, `index`, `len`, `print`, `html`, …);
- `execute`: the tree walker with Go's semantics and errors;
- `helm`: Helm's functions (`include`, `tpl`, `required`, …) and the Sprig functions,
  adapted from `kubelint.chart.functions`;
- `chart`: a chart tree's Go templates parsed into one set and run as Helm's engine runs them.
"""
