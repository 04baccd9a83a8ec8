{ lib, config, ... }:
{
  imports = [
    (lib.mkRenamedOptionModule [ "tool" "protocol" ] [ "tool" "settings" "protocol" ])
  ];
  options.tool.settings = lib.mkOption {
    type = lib.types.submodule {
      freeformType = lib.types.attrsOf lib.types.str;
      options.protocol = lib.mkOption { type = lib.types.str; default = "https"; };
    };
    default = { };
  };
  config.environment.etc."tool.conf".text = config.tool.settings.protocol;
}
