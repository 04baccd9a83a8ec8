[
  (builtins.compareVersions "1.0pre1" "1.0")
  (builtins.compareVersions "1.0a" "1.0")
  (builtins.compareVersions "1.0" "1.0.1")
  (builtins.compareVersions "2.3a" "2.3b")
  (builtins.compareVersions "" "0")
]
