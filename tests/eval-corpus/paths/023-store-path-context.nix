let s = "${../data/hello.txt}"; in
[ (builtins.hasContext s) (builtins.getContext s) (builtins.hasContext (builtins.unsafeDiscardStringContext s)) ]
