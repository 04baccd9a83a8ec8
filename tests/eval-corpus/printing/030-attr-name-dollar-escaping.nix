# Quoted attribute names escape every `$`; string values only escape `${`.
let k = "a$b"; in
{ ${k} = k; "$" = "$"; "x$" = "x$"; "tab\there" = "tab\there"; }
