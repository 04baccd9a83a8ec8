# stringLength counts bytes, not Unicode code points.
[ (builtins.stringLength "naïve") (builtins.stringLength "🎉🎉") (builtins.stringLength ''
  two
'') ]
