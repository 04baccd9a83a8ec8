"first
second
  third"
