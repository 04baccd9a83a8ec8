# seq only forces to weak head normal form; nested values stay lazy.
builtins.seq { a = throw "inner"; } "ok"
