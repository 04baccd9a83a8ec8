''
  no trailing newline here''
