map builtins.parseDrvName [ "hello-2.10" "nix-unstable-2.8pre" "noversion" "foo-bar-1.0-rc1" ]
