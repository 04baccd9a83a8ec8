# An interpolation at the start of a line counts as non-space text.
let x = "X"; in
''
    ${x}
      after
''
