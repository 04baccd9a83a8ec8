[ "a\"b" "back\\slash" "$" "\${" "tab\t" "nl\n" "cr\r" "mixed \"\${x}\" $y" ]
