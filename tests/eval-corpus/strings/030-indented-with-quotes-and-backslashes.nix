''
  "double quotes" and \backslash\ and \n stay literal
''
