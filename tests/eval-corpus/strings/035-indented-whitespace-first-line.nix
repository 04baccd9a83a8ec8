# The whitespace-only first line is dropped; later whitespace-only lines become empty.
'' 
 
  a
    b''
