# Printing escapes `${` but not a lone `$` or `$` followed by anything else.
[ "\${x}" "$ {x}" "$x" "{x}" "$$\${" ]
