# The config side of tests/nixpkgs-partial's oracle: values that the real modules set on
# the host and qg's cross-reference facts read (the users and groups modules create, their
# homes, open ports, a service's data folder), as the real Nix computes them. Same
# evaluation as oracle.nix (the tree's flake, the stub pkgs); prints a JSON object from
# option path (as `qg-check show` takes it) to value; a value Nix cannot compute is left
# out (tryEval), with its path listed under `__failed`.
{
  nixpkgs,
  host,
  pkgsNamesFile ? null,
}:
let
  oracle = import ./oracle.nix {
    inherit nixpkgs host pkgsNamesFile;
    only = "system";
  };
  inherit (oracle) lib config;

  userFields = [
    "group"
    "home"
    "isSystemUser"
    "isNormalUser"
    "createHome"
  ];
  users = builtins.attrNames config.users.users;
  probes =
    [
      "networking.hostName"
      "networking.firewall.allowedTCPPorts"
      "networking.firewall.allowedUDPPorts"
      "services.traefik.dataDir"
      "services.jellyfin.dataDir"
      "services.jellyfin.configDir"
      "services.openssh.ports"
      "system.stateVersion"
    ]
    ++ builtins.concatMap (user: map (field: "users.users.${user}.${field}") userFields) users
    ++ map (group: "users.groups.${group}.name") (builtins.attrNames config.users.groups);

  valueAt = path: lib.attrByPath (lib.splitString "." path) null config;
  tried = map (path: {
    inherit path;
    result = builtins.tryEval (builtins.deepSeq (valueAt path) (valueAt path));
  }) probes;
in
builtins.listToAttrs (
  map (t: {
    name = t.path;
    value = t.result.value;
  }) (builtins.filter (t: t.result.success) tried)
)
// {
  __failed = map (t: t.path) (builtins.filter (t: !t.result.success) tried);
}
