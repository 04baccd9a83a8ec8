let v = "VALUE"; in
''
  key = ${v}
    nested ${"${v}-${v}"}
''
